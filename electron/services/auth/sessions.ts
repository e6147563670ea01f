import { can, PERMISSIONS } from '../../../shared/permissions';
import type { RosterEntry, SessionInfo } from '../../../shared/ipc/types';

export interface Session {
  clientId: string;
  user: RosterEntry;
  signedInAt: number;
  lastActivityAt: number;
}

export type SignOutReason = 'idle' | 'signedOut' | 'disabled';

export interface SessionStoreOptions {
  now?: () => number;
  /** Auto sign-out after this long without activity (read on every check: settings may change it). */
  idleMs: () => number;
  /** Told when a session ends without its window asking (idle, user disabled), to push the event. */
  onEnded?: (clientId: string, session: Session, reason: SignOutReason) => void;
}

/**
 * Who is signed in, per window ("client": an Electron webContents, or one WebSocket
 * connection of the host). A session ends on sign-out, after idle, or when its user is disabled.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly now: () => number;

  constructor(private readonly opts: SessionStoreOptions) {
    this.now = opts.now ?? Date.now;
  }

  signIn(clientId: string, user: RosterEntry): Session {
    const at = this.now();
    const session: Session = { clientId, user, signedInAt: at, lastActivityAt: at };
    this.sessions.set(clientId, session);
    return session;
  }

  /** The live session of a window, or null. An idle one is ended here (and reported). */
  get(clientId: string): Session | null {
    const s = this.sessions.get(clientId);
    if (!s) return null;
    if (this.now() - s.lastActivityAt >= this.opts.idleMs()) {
      this.end(clientId, 'idle');
      return null;
    }
    return s;
  }

  /** Counts as activity: pushes the idle sign-out further away. */
  touch(clientId: string): void {
    const s = this.get(clientId);
    if (s) s.lastActivityAt = this.now();
  }

  /** The window asked to sign out. */
  signOut(clientId: string): void {
    this.sessions.delete(clientId);
  }

  /** Ends every session of a user (disabled, PIN changed by a manager). */
  endUser(userId: string, reason: SignOutReason): void {
    for (const [clientId, s] of this.sessions) if (s.user.id === userId) this.end(clientId, reason);
  }

  /** Ends idle sessions now; the app calls this on a timer so screens sign out on their own. */
  sweep(): void {
    for (const clientId of [...this.sessions.keys()]) this.get(clientId);
  }

  /** A window closed or a connection dropped. */
  forget(clientId: string): void {
    this.sessions.delete(clientId);
  }

  info(s: Session): SessionInfo {
    return {
      user: s.user,
      permissions: PERMISSIONS.filter((p) => can(s.user.role, p)),
      signedInAt: s.signedInAt,
      idleTimeoutMs: this.opts.idleMs(),
    };
  }

  private end(clientId: string, reason: SignOutReason): void {
    const s = this.sessions.get(clientId);
    if (!s) return;
    this.sessions.delete(clientId);
    this.opts.onEnded?.(clientId, s, reason);
  }
}
