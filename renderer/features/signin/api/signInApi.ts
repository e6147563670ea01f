import { invoke } from '../../../api/till';

/** The sign-in screen's calls to main. */

export function roster() {
  return invoke('till:auth:roster');
}

export function signIn(userId: string, pin: string) {
  return invoke('till:auth:signIn', { userId, pin });
}
