import { REASON_CODES } from '../../shared/reasons';
import type { Language } from './language';

/**
 * Reason messages as i18next resources. Placeholder until shared/i18n/reasons lands: the code itself.
 */
export function reasonResources(_lng: Language): Record<string, string> {
  return Object.fromEntries(REASON_CODES.map((c) => [c, c]));
}
