import { randomBytes } from 'node:crypto';
import type { Permission } from '../../../shared/permissions';
import type { OverrideGrant, RosterEntry } from '../../../shared/ipc/types';

interface PendingOverride extends OverrideGrant {
  clientId: string;
  requesterId: string;
}

/**
 * One-use manager override tokens. A token is bound to the window and user that asked, to one
 * permission, and expires quickly; it is spent by the first call that presents it, whether that
 * call then succeeds or not, so a token can never approve two actions.
 */
export class OverrideStore {
  private readonly pending = new Map<string, PendingOverride>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly ttlMs = 2 * 60_000,
  ) {}

  issue(clientId: string, requester: RosterEntry, manager: { id: string; name: string }, action: Permission): OverrideGrant {
    this.purge();
    const token = randomBytes(24).toString('base64url');
    const grant: OverrideGrant = { token, action, managerId: manager.id, managerName: manager.name, expiresAt: this.now() + this.ttlMs };
    this.pending.set(token, { ...grant, clientId, requesterId: requester.id });
    return grant;
  }

  /** Spends a token. Returns the grant when it fits this window, user and permission; null otherwise. */
  consume(token: string, clientId: string, requesterId: string, action: Permission): OverrideGrant | null {
    const p = this.pending.get(token);
    if (!p) return null;
    this.pending.delete(token);
    if (p.expiresAt <= this.now() || p.clientId !== clientId || p.requesterId !== requesterId || p.action !== action) return null;
    return { token: p.token, action: p.action, managerId: p.managerId, managerName: p.managerName, expiresAt: p.expiresAt };
  }

  /** Drops every token of a window (sign-out, window closed). */
  dropClient(clientId: string): void {
    for (const [t, p] of this.pending) if (p.clientId === clientId) this.pending.delete(t);
  }

  private purge(): void {
    const now = this.now();
    for (const [t, p] of this.pending) if (p.expiresAt <= now) this.pending.delete(t);
  }
}
