import { z } from 'zod';
import { CHANNELS, CONTRACT, isChannel, type CallerKind, type Channel, type ParsedRequestOf, type ResponseOf } from '../../shared/ipc/contract';
import { ApiFailure, fail, ok, type Result } from '../../shared/ipc/result';
import type { OverrideGrant, RosterEntry } from '../../shared/ipc/types';
import { can, OVERRIDABLE, type Permission } from '../../shared/permissions';
import type { AuditFn } from '../services/auth/authService';
import type { OverrideStore } from '../services/auth/overrides';
import type { Session, SessionStore } from '../services/auth/sessions';

/**
 * The one loop that serves the typed API, for Electron (ipcMain.handle) and for the Node host
 * (WebSocket) alike. For every call: check the sender, parse the envelope and the request with
 * the channel's schema, find the window's session, check the role (or spend a manager's override
 * token), call the handler, and answer `{ ok, value } | { ok: false, error }`. Nothing thrown
 * by a handler crosses: a deliberate ApiFailure becomes its error, anything else 'internal'.
 */

/** Who is calling, as the transport established it. */
export interface Sender {
  /** A window of the till's own screens, or a paired POS (the contract says which each channel accepts). */
  kind: CallerKind;
  /** The window (or the POS pairing): sessions and override tokens belong to one client. */
  clientId: string;
  /** The transport's verdict that this is our app (Electron: frame origin; host: secret + Origin). */
  trusted: boolean;
  /** For the log when refused. */
  describe?: string;
}

export interface HandlerContext {
  /** Who called: a window, or a paired POS. */
  caller: CallerKind;
  clientId: string;
  /** The signed-in user (null only on 'public' channels when nobody is signed in). */
  session: Session | null;
  /** The manager override this call spent, when it carried one. */
  override: OverrideGrant | null;
  /** The call's idempotency key, when it carried one (POS writes). */
  idempotencyKey?: string;
}

export type ChannelHandler<C extends Channel> = (request: ParsedRequestOf<C>, ctx: HandlerContext) => ResponseOf<C> | Promise<ResponseOf<C>>;
export type Handlers = { [C in Channel]: ChannelHandler<C> };

export interface ApiDeps {
  handlers: Handlers;
  sessions: SessionStore;
  overrides: OverrideStore;
  audit: AuditFn;
  /** Where unexpected errors are logged (never sent to the renderer). */
  logError?: (message: string, err: unknown) => void;
}

export interface Api {
  /** Serves one call. `channel` and `payload` are untrusted. Never throws. */
  call(channel: unknown, sender: Sender, payload: unknown): Promise<Result<unknown>>;
}

/**
 * A call whose role already allows the channel may still carry an override for a second
 * permission the handler checks itself: a redemption that needs an online claim while offline.
 */
const EXTRA_OVERRIDE: Partial<Record<Channel, Permission>> = { 'till:coupon:redeem': 'coupon.offlineClaim', 'till:coupon:undo': 'coupon.void' };

const EnvelopeSchema = z.strictObject({
  request: z.unknown(),
  overrideToken: z.string().min(1).max(200).optional(),
  /** A POS write's Idempotency-Key (the POS API passes its header here): the same key answers the same, writes once. */
  idempotencyKey: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[\x21-\x7e]+$/, 'printable ASCII')
    .optional(),
});

/** A short, safe description of why a request did not parse. */
function describeIssues(err: z.ZodError): string {
  const first = err.issues.slice(0, 3).map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
  return `Malformed request: ${first.join('; ')}`;
}

export function createApi(deps: ApiDeps): Api {
  const logError = deps.logError ?? ((m, e) => console.error(m, e));

  async function authorize(
    channel: Channel,
    sender: Sender,
    token: string | undefined,
  ): Promise<Result<{ session: Session | null; override: OverrideGrant | null }>> {
    const access = CONTRACT[channel].access;
    // A paired POS is authorized by its pairing: the transport checked its credential on this very
    // call (a revoked one is refused at once), and the entry accepts POS callers. `access` is the window's rule.
    if (sender.kind === 'pos') return token ? fail('bad_request', 'A POS call takes no override.') : ok({ session: null, override: null });
    if (access === 'public') return ok({ session: deps.sessions.get(sender.clientId), override: null });
    const session = deps.sessions.get(sender.clientId);
    if (!session) return fail('not_signed_in', 'Sign in first.');
    deps.sessions.touch(sender.clientId);
    if (access === 'signed-in') return ok({ session, override: null });
    const allowed = can(session.user.role, access);
    if (allowed && !token) return ok({ session, override: null });
    const needed = allowed ? EXTRA_OVERRIDE[channel] : access;
    if (!token || !needed) {
      if (allowed) return fail('bad_request', 'This call takes no override.');
      const overridable = OVERRIDABLE.includes(access);
      deps.audit(session.user.id, 'access.denied', { channel, permission: access, role: session.user.role });
      return fail('forbidden', overridable ? 'Needs a manager: ask for an override.' : 'Your role may not do this.', { permission: access, overridable });
    }
    const grant = deps.overrides.consume(token, sender.clientId, session.user.id, needed);
    if (!grant) {
      deps.audit(session.user.id, 'override.rejected', { channel, permission: needed });
      return fail('override_invalid', 'The manager approval is not valid for this (used, expired or for another action).');
    }
    return ok({ session, override: grant });
  }

  async function call(channel: unknown, sender: Sender, payload: unknown): Promise<Result<unknown>> {
    try {
      return await serve(channel, sender, payload);
    } catch (err) {
      // Only reachable through a failing audit write or session store: still no raw exception crosses.
      logError('API call failed outside its handler', err);
      return fail('internal', 'Something went wrong in the till; it was logged.');
    }
  }

  async function serve(channel: unknown, sender: Sender, payload: unknown): Promise<Result<unknown>> {
    if (!sender.trusted) {
      logError(`refused a call from an untrusted sender ${sender.describe ?? ''}`, null);
      return fail('bad_sender', 'Refused: not from this app.');
    }
    if (!isChannel(channel)) return fail('unknown_channel', 'No such API channel.');
    const callers = CONTRACT[channel].callers;
    if (!callers.includes(sender.kind)) {
      logError(`refused ${channel} from a ${sender.kind} caller ${sender.describe ?? ''}`, null);
      return fail('forbidden', sender.kind === 'pos' ? 'This call is not open to a paired POS.' : 'This call is only for a paired POS.', {
        caller: sender.kind,
      });
    }
    const envelope = EnvelopeSchema.safeParse(payload);
    if (!envelope.success) return fail('bad_request', describeIssues(envelope.error));
    const parsed = CONTRACT[channel].request.safeParse(envelope.data.request);
    if (!parsed.success) return fail('bad_request', describeIssues(parsed.error));
    const auth = await authorize(channel, sender, envelope.data.overrideToken);
    if (!auth.ok) return auth;
    const { session, override } = auth.value;
    const key = envelope.data.idempotencyKey;
    const ctx: HandlerContext = { caller: sender.kind, clientId: sender.clientId, session, override, ...(key ? { idempotencyKey: key } : {}) };
    try {
      const handler = deps.handlers[channel] as ChannelHandler<Channel>;
      const value = await handler(parsed.data as ParsedRequestOf<Channel>, ctx);
      if (override) auditOverrideUse(session!.user, override, channel, 'done');
      return ok(value ?? null);
    } catch (err) {
      if (override) auditOverrideUse(session!.user, override, channel, 'failed');
      if (err instanceof ApiFailure) return fail(err.code, err.message, err.details);
      logError(`${channel} failed`, err);
      return fail('internal', 'Something went wrong in the till; it was logged.');
    }
  }

  function auditOverrideUse(user: RosterEntry, grant: OverrideGrant, channel: Channel, outcome: 'done' | 'failed'): void {
    try {
      deps.audit(user.id, 'override.use', { channel, action: grant.action, requesterId: user.id, managerId: grant.managerId, outcome });
    } catch (err) {
      logError('audit of an override use failed', err);
    }
  }

  return { call };
}

/** What a transport offers the loop: register one answerer per channel. */
export interface ApiTransport {
  handle(channel: Channel, answer: (sender: Sender, payload: unknown) => Promise<Result<unknown>>): void;
}

/** Registers every contract channel on a transport (Electron's ipcMain, or the host's router). */
export function registerApi(transport: ApiTransport, api: Api): void {
  for (const channel of CHANNELS) transport.handle(channel, (sender, payload) => api.call(channel, sender, payload));
}
