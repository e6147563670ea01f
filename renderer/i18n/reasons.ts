import type { ReasonCode } from '../../shared/reasons';
import { reasonMessage, reasonMessages, type ReasonFormat } from '../../shared/i18n/reasons';
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

/** A refusal in words; pass the store's currency and time zone (renderer/lib/format.ts storeFormat) to format money and times. */
export function reasonText(reason: ReasonCode, lng: Language, params?: Record<string, string | number>, f?: ReasonFormat): string {
  return reasonMessage(reason, lng, params, f);
}
