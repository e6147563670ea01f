import type { Settings } from './types';
import { DEFAULT_CAMERA_SYMBOLOGIES } from '../scan/symbologies';

/**
 * Till settings before a manager changes anything. One definition: main starts from it and the
 * renderer shows it until main's answer arrives.
 */
export const DEFAULT_SETTINGS: Omit<Settings, 'hqUrl' | 'enrolled'> = {
  scanner: { kind: 'auto', deviceId: null },
  sounds: true,
  language: 'system',
  rapidDedupeMs: 1500,
  wedgePrefix: '',
  wedgeSuffix: '',
  scannerProfiles: {},
  cameraSymbologies: [...DEFAULT_CAMERA_SYMBOLOGIES],
  idleSignOutMs: 10 * 60_000,
  soundVolume: 80,
  undoGraceMs: 2 * 60_000,
  allowPlainHttpHq: false,
  posApiEnabled: true,
  posApiLan: false,
  openOrderTimeoutMs: 30 * 60_000,
};
