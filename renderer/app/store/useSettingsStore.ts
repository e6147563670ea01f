import { create } from 'zustand';
import type { Settings, SettingsPatch } from '../../../shared/ipc';
import { call, invoke } from '../../api/till';
import { setLanguage } from '../../i18n';
import { isLanguage, pickLanguage } from '../../i18n/language';

/** Defaults used until main answers (and in tests): sounds on, 1.5 s repeat window, no affixes. */
export const DEFAULT_SETTINGS: Settings = {
  hqUrl: null,
  enrolled: false,
  scanner: { kind: 'auto', deviceId: null },
  sounds: true,
  language: 'system',
  rapidDedupeMs: 1500,
  wedgePrefix: '',
  wedgeSuffix: '',
  idleSignOutMs: 15 * 60_000,
};

interface SettingsState {
  settings: Settings;
  load(): Promise<void>;
  save(patch: SettingsPatch): Promise<Settings>;
}

export const useSettingsStore = create<SettingsState>((set) => ({
  settings: DEFAULT_SETTINGS,
  async load() {
    const res = await invoke('till:settings:get');
    if (res.ok) {
      set({ settings: res.value });
      applyLanguage(res.value.language);
    }
  },
  async save(patch) {
    const settings = await call('till:settings:set', patch);
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
