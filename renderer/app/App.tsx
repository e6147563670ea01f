import { useEffect } from 'react';
import { useT } from '../i18n';
import { onScan, tillAvailable } from './api/appApi';
import { followSessionEvents, useSessionStore } from './store/useSessionStore';
import { followSyncEvents, useSyncStore } from './store/useSyncStore';
import { useSettingsStore } from './store/useSettingsStore';
import { useNavStore, visibleScreens, type ScreenId } from './store/useNavStore';
import { StatusBar } from './components/StatusBar';
import { SignInScreen } from '../features/signin/components/SignInScreen';
import { CashierScreen } from '../features/cashier/components/CashierScreen';
import { RapidScreen } from '../features/rapid/components/RapidScreen';
import { LogScreen } from '../features/log/components/LogScreen';
import { ConflictsScreen } from '../features/conflicts/components/ConflictsScreen';
import { UsersScreen } from '../features/users/components/UsersScreen';
import { SettingsScreen } from '../features/settings/components/SettingsScreen';
import { ReportScreen } from '../features/report/components/ReportScreen';
import { installWindowCapture, setWedgeOptions } from '../features/scan/windowCapture';
import { KEYBOARD_SCANNER, wedgeOptionsFor } from '../../shared/scan/learn';
import { routeScan, scanMeta } from '../features/scan/scanRouter';
import { setSoundVolume, setSoundsEnabled } from '../features/scan/sounds';
import { followStoreInfo } from '../lib/format';

/** Wires main's pushes and the window-level scan capture once for the app's lifetime. */
function useAppWiring(): void {
  useEffect(() => {
    const offs = [
      installWindowCapture(),
      followSessionEvents(),
      followSyncEvents(),
      followStoreInfo(),
      // Scans read by a scanner main owns (HID) join the same pipeline as wedge and camera scans.
      onScan((e) => void routeScan(e.text, e.source, Date.now(), scanMeta(e))),
    ];
    void useSessionStore.getState().load();
    void useSettingsStore.getState().load();
    return () => offs.forEach((off) => off());
  }, []);
  const settings = useSettingsStore((s) => s.settings);
  // The keyboard scanner's learned pace, suffix and prefix apply in every field (nothing learned: the defaults).
  const keyboardProfile = settings.scannerProfiles?.[KEYBOARD_SCANNER];
  useEffect(
    () => setWedgeOptions(wedgeOptionsFor(keyboardProfile, { prefix: settings.wedgePrefix, suffix: settings.wedgeSuffix })),
    [keyboardProfile, settings.wedgePrefix, settings.wedgeSuffix],
  );
  useEffect(() => setSoundsEnabled(settings.sounds), [settings.sounds]);
  useEffect(() => setSoundVolume(settings.soundVolume), [settings.soundVolume]);
  const signedIn = useSessionStore((s) => s.session !== null);
  useEffect(() => {
    if (!signedIn) return;
    void useSyncStore.getState().load();
    // Pushes keep the bar current; this slow poll covers a push lost while the bridge reconnected.
    const id = window.setInterval(() => void useSyncStore.getState().load(), 15_000);
    return () => window.clearInterval(id);
  }, [signedIn]);
}

const SCREEN_VIEWS: Record<ScreenId, () => React.JSX.Element> = {
  cashier: CashierScreen,
  rapid: RapidScreen,
  log: LogScreen,
  conflicts: ConflictsScreen,
  users: UsersScreen,
  settings: SettingsScreen,
  report: ReportScreen,
};

function Shell() {
  const t = useT();
  const permissions = useSessionStore((s) => s.session?.permissions ?? []);
  const screen = useNavStore((s) => s.screen);
  const go = useNavStore((s) => s.go);
  const screens = visibleScreens(permissions);
  const current = screens.some((s) => s.id === screen) ? screen : 'cashier';

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const target = screens.find((s) => s.key === e.key);
      if (target) {
        e.preventDefault();
        go(target.id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [screens, go]);

  const View = SCREEN_VIEWS[current];
  return (
    <>
      <nav className="nav" data-testid="nav">
        {screens.map((s) => (
          <button
            key={s.id}
            type="button"
            className={`nav__item ${s.id === current ? 'nav__item--active' : ''}`}
            onClick={() => go(s.id)}
            data-testid={`nav-${s.id}`}
          >
            {t(`nav.${s.id}`)} <kbd>Alt+{s.key}</kbd>
          </button>
        ))}
      </nav>
      <View />
    </>
  );
}

export function App() {
  const t = useT();
  useAppWiring();
  const loaded = useSessionStore((s) => s.loaded);
  const session = useSessionStore((s) => s.session);
  if (!tillAvailable()) return <p className="error">{t('app.noBridge')}</p>;
  return (
    <div className="app">
      <StatusBar />
      {!loaded ? <p className="muted">{t('app.loading')}</p> : session ? <Shell /> : <SignInScreen />}
    </div>
  );
}
