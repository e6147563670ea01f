import type { Role } from '../../../../shared/permissions';
import { invoke } from '../../../api/till';

/** The users screen's calls to main (the only place in this feature that calls main). */

export function listUsers() {
  return invoke('till:users:list');
}

export function createUser(name: string, role: Role, pin: string) {
  return invoke('till:users:create', { name, role, pin });
}

export function setUserPin(userId: string, pin: string) {
  return invoke('till:users:setPin', { userId, pin });
}

export function setUserDisabled(userId: string, disabled: boolean) {
  return invoke('till:users:disable', { userId, disabled });
}
