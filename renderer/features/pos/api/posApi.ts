import type { ScanSource } from '../../../../shared/scan';
import type { TillEvents } from '../../../../shared/ipc';
import { invoke, on } from '../../../api/till';

/** Settings -> POS: the pairings and the POS API's address (a manager's settings permission, checked in main). */
export const pairingCode = (name: string) => invoke('till:pos:pairingCode', { name });
export const listPairings = () => invoke('till:pos:pairings');
export const revokePairing = (pairingId: string) => invoke('till:pos:revoke', { pairingId });
export const posApiStatus = () => invoke('till:pos:status');

/** The cashier's screen: the till's current POS order, and a code scanned at the till applied to it. */
export const currentPosOrder = () => invoke('till:order:current');
export const scanOnPosOrder = (code: string, source: ScanSource) => invoke('till:order:scan', { code, source });
export const onPosOrder = (listener: (e: TillEvents['posOrder']) => void) => on('posOrder', listener);
