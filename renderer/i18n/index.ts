import i18next, { type Resource, type TFunction } from 'i18next';
import { create } from 'zustand';
import { UI_MESSAGES } from './messages';
import { LANGUAGES, pickLanguage, type Language } from './language';
import { reasonResources } from './reasons';

/**
 * One i18next instance for the renderer: the screens' strings (namespace "translation") and
 * the refusal reason messages from shared/i18n/reasons (namespace "reason"), both languages
 * loaded up front so switching is instant and nothing is fetched (CSP: connect-src is tight).
 */
export const i18n = i18next.createInstance();

function resources(): Resource {
  const out: Resource = {};
  for (const lng of LANGUAGES) out[lng] = { translation: UI_MESSAGES[lng], reason: reasonResources(lng) };
  return out;
}

export function initI18n(preferred: readonly string[]): Language {
  const lng = pickLanguage(preferred);
  void i18n.init({
    resources: resources(),
    lng,
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    initAsync: false,
    interpolation: { escapeValue: false },
  });
  useLanguageStore.setState({ language: lng });
  return lng;
}

interface LanguageState {
  language: Language;
}

/** The language in use; components subscribe through useT so a switch re-renders them. */
export const useLanguageStore = create<LanguageState>(() => ({ language: 'en' }));

export function setLanguage(lng: Language): void {
  void i18n.changeLanguage(lng);
  useLanguageStore.setState({ language: lng });
  if (typeof document !== 'undefined') document.documentElement.lang = lng;
}

/** The translate function, re-rendering the caller when the language changes. */
export function useT(): TFunction {
  useLanguageStore((s) => s.language);
  return i18n.t.bind(i18n) as TFunction;
}
