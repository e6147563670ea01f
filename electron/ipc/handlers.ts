import { ApiFailure } from '../../shared/ipc/result';
import { can } from '../../shared/permissions';
import type { AuthService } from '../services/auth/authService';
import type { OverrideStore } from '../services/auth/overrides';
import type { Session, SessionStore } from '../services/auth/sessions';
import type {
  AppInfoPort,
  LogPort,
  ManualBasketPort,
  OrderCaller,
  OrdersPort,
  PairingsPort,
  RedemptionPort,
  ReportsPort,
  ScannerPort,
  SettingsPort,
  SyncPort,
} from './ports';
import type { HandlerContext, Handlers } from './register';
import { syncStatusFor } from './adapters/sync';

export interface HandlerServices {
  auth: AuthService;
  sessions: SessionStore;
  overrides: OverrideStore;
  redemption: RedemptionPort;
  log: LogPort;
  reports: ReportsPort;
  sync: SyncPort;
  scanner: ScannerPort;
  settings: SettingsPort;
  app: AppInfoPort;
  orders: OrdersPort;
  basket: ManualBasketPort;
  pairings: PairingsPort;
  /** Audits sign-in and sign-out (the register loop audits denials and overrides). */
  audit: (actor: string, action: string, detail: Record<string, unknown>) => void;
}

/** The session of a non-public channel: the register loop guarantees it; this narrows the type. */
function who(ctx: HandlerContext): Session {
  if (!ctx.session) throw new ApiFailure('not_signed_in', 'Sign in first.');
  return ctx.session;
}

/** The paired POS behind a call: the register loop only lets POS callers through on order channels. */
function posCaller(ctx: HandlerContext): OrderCaller {
  if (ctx.caller !== 'pos') throw new ApiFailure('forbidden', 'This call is only for a paired POS.', { caller: ctx.caller });
  return { actorId: ctx.clientId, scope: ctx.clientId, ...(ctx.idempotencyKey ? { idempotencyKey: ctx.idempotencyKey } : {}) };
}

/** The API's handlers: thin glue from parsed requests to services. Role checks happened already. */
export function createHandlers(s: HandlerServices): Handlers {
  return {
    'till:auth:roster': () => s.auth.roster(),
    'till:auth:signIn': async (req, ctx) => {
      const user = await s.auth.verify(req.userId, req.pin, ctx.clientId);
      s.overrides.dropClient(ctx.clientId);
      const session = s.sessions.signIn(ctx.clientId, { id: user.id, name: user.name, role: user.role });
      s.audit(user.id, 'auth.sign_in', { userId: user.id, role: user.role });
      return s.sessions.info(session);
    },
    'till:auth:checkAhead': (req, ctx) => {
      s.auth.checkAhead(ctx.clientId, req.userId, req.pin);
      return null;
    },
    'till:auth:signOut': (_req, ctx) => {
      if (ctx.session) s.audit(ctx.session.user.id, 'auth.sign_out', { userId: ctx.session.user.id });
      s.sessions.signOut(ctx.clientId);
      s.overrides.dropClient(ctx.clientId);
      return null;
    },
    'till:auth:session': (_req, ctx) => (ctx.session ? s.sessions.info(ctx.session) : null),
    'till:auth:override': async (req, ctx) => {
      const requester = who(ctx).user;
      const manager = await s.auth.approveOverride(requester, req.managerId, req.pin, req.action);
      return s.overrides.issue(ctx.clientId, requester, manager, req.action);
    },

    'till:coupon:validate': (req, ctx) => s.redemption.validate(req, { cashierId: who(ctx).user.id }),
    'till:coupon:redeem': (req, ctx) =>
      s.redemption.redeem(req, {
        cashierId: who(ctx).user.id,
        approvedBy: ctx.override?.managerId ?? null,
        selfApproves: can(who(ctx).user.role, 'coupon.offlineClaim'),
      }),
    'till:coupon:void': (req, ctx) => s.redemption.void(req, { userId: who(ctx).user.id, approvedBy: ctx.override?.managerId ?? null }),
    'till:coupon:undo': async (req, ctx) => {
      const user = who(ctx).user;
      const result = await s.redemption.undo(req, {
        userId: user.id,
        approvedBy: ctx.override?.managerId ?? null,
        canVoid: can(user.role, 'coupon.void'),
        graceMs: s.settings.get().undoGraceMs,
      });
      s.audit(user.id, 'coupon.undo', { redemptionId: req.redemptionId, voidId: result.void.id, approval: result.approval, approvedBy: result.approvedBy });
      return result;
    },
    'till:basket:coupons': (req) => s.redemption.basketCoupons(req.basketId),
    'till:basket:current': () => s.basket.current(),
    'till:basket:update': (req, ctx) => s.basket.update(req, who(ctx).user.id),
    'till:basket:new': (req) => s.basket.startNew(req),

    'till:log:list': (req) => s.log.list(req),
    'till:log:exportCsv': (req) => s.log.exportCsv(req),
    'till:conflicts:list': (req) => s.log.conflicts(req?.includeResolved ?? false),
    'till:log:summary': (req) => s.reports.summary(req),
    'till:log:campaigns': () => s.reports.campaigns(),
    'till:report:day': (req) => s.reports.day(req?.day),
    'till:report:exportCsv': (req) => s.reports.dayCsv(req?.day),

    'till:sync:status': (_req, ctx) => syncStatusFor(s.sync.status(), ctx.session?.user.role ?? null),
    'till:sync:now': async (_req, ctx) => syncStatusFor(await s.sync.syncNow(), ctx.session?.user.role ?? null),

    'till:users:list': () => s.auth.listUsers(),
    'till:users:create': (req, ctx) => s.auth.createUser(who(ctx).user.id, req),
    'till:users:setPin': async (req, ctx) => {
      const user = await s.auth.setPin(who(ctx).user.id, req.userId, req.pin);
      // Someone else's PIN changed: whoever is signed in as them must sign in again.
      if (req.userId !== who(ctx).user.id) s.sessions.endUser(req.userId, 'disabled');
      return user;
    },
    'till:users:disable': (req, ctx) => {
      const user = s.auth.setDisabled(who(ctx).user.id, req.userId, req.disabled);
      if (req.disabled) s.sessions.endUser(req.userId, 'disabled');
      return user;
    },

    'till:settings:get': () => s.settings.get(),
    'till:settings:set': (req, ctx) => s.settings.set(req, who(ctx).user.id),

    'till:scanner:devices': () => s.scanner.devices(),
    'till:scanner:select': (req) => s.scanner.select(req),
    'till:scanner:status': () => s.scanner.status(),

    'till:pos:pairingCode': (req, ctx) => s.pairings.createCode(who(ctx).user.id, req.name),
    'till:pos:pairings': () => s.pairings.list(),
    'till:pos:rename': (req, ctx) => s.pairings.rename(who(ctx).user.id, req.pairingId, req.name),
    'till:pos:revoke': (req, ctx) => s.pairings.revoke(who(ctx).user.id, req.pairingId),
    'till:pos:status': () => s.pairings.status(),

    'till:order:open': (req, ctx) => s.orders.open(req, posCaller(ctx)),
    'till:order:get': (req, ctx) => (posCaller(ctx), s.orders.get(req)),
    'till:order:apply': (req, ctx) => s.orders.apply(req, posCaller(ctx)),
    'till:order:remove': (req, ctx) => s.orders.remove(req, posCaller(ctx)),
    'till:order:close': (req, ctx) => s.orders.close(req, posCaller(ctx)),
    'till:order:cancel': (req, ctx) => s.orders.cancel(req, posCaller(ctx)),
    'till:order:return': (req, ctx) => s.orders.returnLines(req, posCaller(ctx)),
    'till:order:current': () => s.orders.current(),
    'till:order:scan': (req, ctx) => s.orders.applyAtTill(req, who(ctx).user.id),

    'till:app:info': () => s.app.info(),
  };
}
