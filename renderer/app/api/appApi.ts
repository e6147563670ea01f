import type { SettingsPatch, TillEvents } from '../../../shared/ipc';
import { call, invoke, on, tillApi } from '../../api/till';

/**
 * The app shell's calls to main (session, sync state, settings, store info, scans main reads):
 * the only place outside a feature's api/ module that reaches the till API (lint enforces it).
 */

/** False when this window has no till API at all (opened outside the till). */
export function tillAvailable(): boolean {
  return tillApi() !== null;
}

export function session() {
  return invoke('till:auth:session');
}

/** Signs out; a failure to reach main still ends the session on screen. */
export function signOut() {
  return call('till:auth:signOut').catch(() => null);
}

export function onSession(listener: (e: TillEvents['session']) => void) {
  return on('session', listener);
}

export function syncStatus() {
  return invoke('till:sync:status');
}

export function syncNow() {
  return invoke('till:sync:now');
}

export function onSync(listener: (status: TillEvents['sync']) => void) {
  return on('sync', listener);
}

export function settings() {
  return invoke('till:settings:get');
}

/** Saves settings; throws TillApiError when main refuses. */
export function saveSettings(patch: SettingsPatch) {
  return call('till:settings:set', patch);
}

export function appInfo() {
  return invoke('till:app:info');
}

/** Scans read by a scanner main owns (HID). */
export function onScan(listener: (scan: TillEvents['scan']) => void) {
  return on('scan', listener);
}
