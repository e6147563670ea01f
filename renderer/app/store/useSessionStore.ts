import { create } from 'zustand';
import type { Permission } from '../../../shared/permissions';
import type { SessionInfo } from '../../../shared/ipc';
import * as api from '../api/appApi';

/** Why the session ended, when main ended it (shown on the sign-in screen). */
export type SignOutReason = 'idle' | 'disabled' | null;

interface SessionState {
  session: SessionInfo | null;
  /** False until the first till:auth:session answer. */
  loaded: boolean;
  signedOutReason: SignOutReason;
  load(): Promise<void>;
  setSession(session: SessionInfo | null, reason?: SignOutReason): void;
  signOut(): Promise<void>;
}

export const useSessionStore = create<SessionState>((set) => ({
  session: null,
  loaded: false,
  signedOutReason: null,
  async load() {
    const res = await api.session();
    set({ session: res.ok ? res.value : null, loaded: true });
  },
  setSession(session, reason = null) {
    set({ session, signedOutReason: session ? null : reason });
  },
  async signOut() {
    await api.signOut();
    set({ session: null, signedOutReason: null });
  },
}));

/** Whether the signed-in user's role holds a permission (for hiding buttons; main decides). */
export function useCan(permission: Permission): boolean {
  return useSessionStore((s) => !!s.session?.permissions.includes(permission));
}

/** Follows session changes main pushes (idle sign-out, disabled user). Returns the unsubscribe. */
export function followSessionEvents(): () => void {
  return api.onSession((e) => {
    const reason: SignOutReason = e.reason === 'idle' ? 'idle' : e.reason === 'disabled' ? 'disabled' : null;
    useSessionStore.getState().setSession(e.session, reason);
  });
}
