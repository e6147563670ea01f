import { randomBytes } from 'node:crypto';
import { newId } from '../../shared/ids';
import { HqError, inTransaction, type HqContext, type Tx } from './context';

/**
 * Webhooks, the seeds' 异步通知 (issue 14): an admin registers endpoints; HQ queues an event for
 * every endpoint that wants it in the same transaction as the change (webhook_deliveries), and
 * the dispatcher (webhookDelivery.ts) sends them later, off the till's push path, signed with the
 * endpoint's secret. Each event has an id that stays the same across retries and replays.
 */

export const WEBHOOK_EVENTS = ['redemption.accepted', 'redemption.conflict', 'redemption.voided', 'redemption.resolved', 'order.closed'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

export interface WebhookEndpointView {
  id: string;
  url: string;
  events: WebhookEventType[];
  storeId: string | null;
  disabled: boolean;
  createdAt: number;
  updatedAt: number;
}

type EndpointRow = { id: string; url: string; events: string; store_id: string | null; disabled: number; created_at: number; updated_at: number };
const view = (r: EndpointRow): WebhookEndpointView => ({
  id: r.id,
  url: r.url,
  events: JSON.parse(r.events) as WebhookEventType[],
  storeId: r.store_id,
  disabled: r.disabled === 1,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

/** HTTPS, or plain HTTP to this machine (a receiver beside HQ): event bodies name customers' coupons. */
export function checkWebhookUrl(url: string): void {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new HqError(400, 'bad_url', 'the webhook URL is not a URL');
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && loopback))
    throw new HqError(400, 'insecure_url', 'a webhook URL must be https:// (plain http only to this machine)');
  if (u.username || u.password) throw new HqError(400, 'bad_url', 'put no credentials in the webhook URL: HQ signs every event instead');
}

/** Registers an endpoint; the answer carries its signing secret, shown this once (HQ keeps it sealed). */
export async function addWebhook(ctx: HqContext, input: { url: string; events?: WebhookEventType[]; storeId?: string | null }) {
  checkWebhookUrl(input.url);
  if (input.storeId && !(await ctx.db.selectFrom('stores').select('id').where('id', '=', input.storeId).executeTakeFirst()))
    throw new HqError(404, 'unknown_store', `no store ${input.storeId}`);
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  const now = ctx.now();
  const row: EndpointRow = {
    id: newId(),
    url: input.url,
    events: JSON.stringify([...new Set(input.events ?? WEBHOOK_EVENTS)].sort()),
    store_id: input.storeId ?? null,
    disabled: 0,
    created_at: now,
    updated_at: now,
  };
  await ctx.db
    .insertInto('webhook_endpoints')
    .values({ ...row, secret_sealed: ctx.masterKey.seal(secret) })
    .execute();
  return { endpoint: view(row), secret };
}

export async function listWebhooks(ctx: HqContext): Promise<WebhookEndpointView[]> {
  const rows = await ctx.db
    .selectFrom('webhook_endpoints')
    .select(['id', 'url', 'events', 'store_id', 'disabled', 'created_at', 'updated_at'])
    .orderBy('created_at')
    .execute();
  return rows.map(view);
}

export async function getWebhook(ctx: HqContext, id: string): Promise<WebhookEndpointView | null> {
  return (await listWebhooks(ctx)).find((w) => w.id === id) ?? null;
}

export async function changeWebhook(ctx: HqContext, id: string, change: { url?: string; events?: WebhookEventType[]; disabled?: boolean }) {
  if (change.url !== undefined) checkWebhookUrl(change.url);
  return inTransaction(ctx, async (trx) => {
    const res = await trx
      .updateTable('webhook_endpoints')
      .set({
        ...(change.url !== undefined ? { url: change.url } : {}),
        ...(change.events !== undefined ? { events: JSON.stringify([...new Set(change.events)].sort()) } : {}),
        ...(change.disabled !== undefined ? { disabled: change.disabled ? 1 : 0 } : {}),
        updated_at: ctx.now(),
      })
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw new HqError(404, 'unknown_webhook', `no webhook endpoint ${id}`);
    return (await getWebhook({ ...ctx, db: trx }, id))!;
  });
}

/** The dead-letter list: deliveries HQ gave up on (newest first), with the last answer each got. */
export async function deadLetters(ctx: HqContext, f: { endpointId?: string; limit?: number }) {
  let q = ctx.db
    .selectFrom('webhook_deliveries')
    .select(['id', 'endpoint_id', 'event_id', 'event_type', 'attempts', 'last_status', 'last_error', 'created_at', 'next_attempt_at'])
    .where('state', '=', 'dead');
  if (f.endpointId) q = q.where('endpoint_id', '=', f.endpointId);
  const rows = await q
    .orderBy('created_at', 'desc')
    .limit(f.limit ?? 1000)
    .execute();
  return rows.map((r) => ({
    deliveryId: r.id,
    endpointId: r.endpoint_id,
    eventId: r.event_id,
    type: r.event_type,
    attempts: Number(r.attempts),
    lastStatus: r.last_status === null ? null : Number(r.last_status),
    lastError: r.last_error,
    createdAt: Number(r.created_at),
    gaveUpAt: Number(r.next_attempt_at),
  }));
}

/** Sends dead letters again (the same event ids, so receivers still deduplicate): by delivery id, or every one of an endpoint. */
export async function replayDeadLetters(ctx: HqContext, sel: { deliveryIds?: string[]; endpointId?: string }) {
  if (!sel.deliveryIds?.length && !sel.endpointId) throw new HqError(400, 'nothing_selected', 'give deliveryIds or endpointId');
  const res = await inTransaction(ctx, async (trx) => {
    let q = trx
      .updateTable('webhook_deliveries')
      .set({ state: 'pending', attempts: 0, next_attempt_at: ctx.now(), lease_until: null })
      .where('state', '=', 'dead');
    if (sel.deliveryIds?.length) q = q.where('id', 'in', sel.deliveryIds);
    if (sel.endpointId) q = q.where('endpoint_id', '=', sel.endpointId);
    return q.executeTakeFirst();
  });
  ctx.webhooksQueued?.();
  return { replayed: Number(res.numUpdatedRows) };
}

export interface NewWebhookEvent {
  type: WebhookEventType;
  storeId: string;
  data: Record<string, unknown>;
}

/**
 * Queues each event for every enabled endpoint that wants its type (and its store): call inside
 * the transaction that made the change, so the events and the change commit together. One read of
 * the endpoints per call, however many events.
 */
export async function queueWebhookEvents(ctx: HqContext, trx: Tx, events: NewWebhookEvent[]): Promise<void> {
  if (events.length === 0) return;
  const endpoints = (await trx.selectFrom('webhook_endpoints').select(['id', 'events', 'store_id']).where('disabled', '=', 0).execute()).map((e) => ({
    ...e,
    types: new Set(JSON.parse(e.events) as string[]),
  }));
  if (endpoints.length === 0) return;
  const at = ctx.now();
  const rows = events.flatMap(({ type, storeId, data }) => {
    const wanting = endpoints.filter((e) => (e.store_id === null || e.store_id === storeId) && e.types.has(type));
    if (wanting.length === 0) return [];
    const eventId = newId();
    const body = JSON.stringify({ id: eventId, type, createdAt: at, storeId, data });
    return wanting.map((e) => ({
      id: newId(),
      endpoint_id: e.id,
      event_id: eventId,
      event_type: type,
      body,
      state: 'pending',
      attempts: 0,
      next_attempt_at: at,
      lease_until: null,
      last_status: null,
      last_error: null,
      created_at: at,
      delivered_at: null,
    }));
  });
  for (let i = 0; i < rows.length; i += 200)
    await trx
      .insertInto('webhook_deliveries')
      .values(rows.slice(i, i + 200))
      .execute();
  if (rows.length > 0) ctx.webhooksQueued?.();
}

export function queueWebhookEvent(ctx: HqContext, trx: Tx, type: WebhookEventType, storeId: string, data: Record<string, unknown>): Promise<void> {
  return queueWebhookEvents(ctx, trx, [{ type, storeId, data }]);
}
