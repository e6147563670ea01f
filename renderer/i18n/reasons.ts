import type { ReasonCode } from '../../shared/reasons';
import { reasonMessage, reasonMessages } from '../../shared/i18n/reasons';
import type { Language } from './language';

/**
 * Refusal reason messages come from shared/i18n/reasons (one source for the till, HQ and the
 * docs) and are loaded into i18next as the "reason" namespace. Rendering goes through
 * reasonMessage, which formats money params and drops a bracketed part whose params are
 * unknown (a refusal read back from the ledger has no params).
 */
export function reasonResources(lng: Language): Record<string, string> {
  return { ...reasonMessages[lng] };
}

export function reasonText(reason: ReasonCode, lng: Language, params?: Record<string, string | number>): string {
  return reasonMessage(reason, lng, params);
}
