import { create } from 'zustand';
import type { Settings, SettingsPatch } from '../../../shared/ipc';
import * as api from '../api/appApi';
import { setLanguage } from '../../i18n';
import { isLanguage, pickLanguage } from '../../i18n/language';
import { DEFAULT_SETTINGS as SHARED_DEFAULTS } from '../../../shared/ipc/defaults';

/** What the screens show until main's settings arrive (and in tests). */
export const DEFAULT_SETTINGS: Settings = { ...SHARED_DEFAULTS, hqUrl: null, enrolled: false };

interface SettingsState {
  settings: Settings;
  load(): Promise<void>;
  save(patch: SettingsPatch): Promise<Settings>;
}

export const useSettingsStore = create<SettingsState>((set) => ({
  settings: DEFAULT_SETTINGS,
  async load() {
    const res = await api.settings();
    if (res.ok) {
      set({ settings: res.value });
      applyLanguage(res.value.language);
    }
  },
  async save(patch) {
    const settings = await api.saveSettings(patch);
    set({ settings });
    applyLanguage(settings.language);
    return settings;
  },
}));

/** 'system' follows the OS preference list; otherwise the chosen language. */
export function applyLanguage(choice: Settings['language']): void {
  const nav = typeof navigator !== 'undefined' ? navigator.languages : [];
  setLanguage(isLanguage(choice) ? choice : pickLanguage(nav));
}
