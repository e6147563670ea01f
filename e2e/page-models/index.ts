/** Page models, one per screen: specs say what a person does; these know where it is on screen. */
export { TillWindow, SCREEN_KEYS, type ScreenName, type ScreenModel } from './tillWindow';
export { StatusBar } from './statusBar';
export { SignInPage } from './signInPage';
export { CashierPage, scanAsScanner, type VerdictState } from './cashierPage';
export { RapidPage } from './rapidPage';
export { LogPage, type LogStatus } from './logPage';
export { ConflictsPage } from './conflictsPage';
export { UsersPage } from './usersPage';
export { SettingsPage } from './settingsPage';
export { ReportPage } from './reportPage';
export { PosSetupPart } from './posSetupPart';
