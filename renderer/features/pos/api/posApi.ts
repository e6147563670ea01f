import { invoke } from '../../../api/till';

/** Settings -> POS: the pairings and the POS API's address (a manager's settings permission, checked in main). */
export const pairingCode = (name: string) => invoke('till:pos:pairingCode', { name });
export const listPairings = () => invoke('till:pos:pairings');
export const revokePairing = (pairingId: string) => invoke('till:pos:revoke', { pairingId });
export const posApiStatus = () => invoke('till:pos:status');
