import { invoke } from '../../../api/till';

/** The sign-in screen's calls to main. */

export function roster() {
  return invoke('till:auth:roster');
}

export function signIn(userId: string, pin: string) {
  return invoke('till:auth:signIn', { userId, pin });
}

/** Starts main's check of a PIN still being typed; answers null, never whether it matches. */
export function checkAhead(userId: string, pin: string) {
  return invoke('till:auth:checkAhead', { userId, pin });
}
