import type { TFunction } from 'i18next';

/**
 * A till as a manager reads it: "This till (Till 1)" for this one, "Till 2" for another, by the
 * name HQ gave it; its id only when HQ never named it (the id goes in a tooltip otherwise).
 */
export function tillLabel(t: TFunction, id: string, name: string | null, thisTillId: string | null): string {
  if (id === thisTillId) return name ? t('log.thisTillNamed', { name }) : t('log.thisTill');
  return name ?? id;
}
