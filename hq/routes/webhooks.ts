import { z } from 'zod';
import { addWebhook, changeWebhook, deadLetters, getWebhook, listWebhooks, replayDeadLetters, WEBHOOK_EVENTS } from '../services/webhooks';
import { defineRoute, type RouteInput, type RouteSpec } from './define';

const StoreId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'letters, digits, _ . - (1-64 characters)');
const Events = z.array(z.enum(WEBHOOK_EVENTS)).min(1).max(WEBHOOK_EVENTS.length);
const Url = z.string().min(8).max(2000);
export const WebhookBodySchema = z.strictObject({ url: Url, events: Events.optional(), storeId: StoreId.nullable().optional() });
export const WebhookChangeSchema = z
  .strictObject({ url: Url.optional(), events: Events.optional(), disabled: z.boolean().optional() })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'nothing to change: give url, events or disabled' });
export const ReplayBodySchema = z
  .strictObject({ deliveryIds: z.array(z.uuid()).min(1).max(10_000).optional(), endpointId: z.uuid().optional() })
  .refine((b) => b.deliveryIds !== undefined || b.endpointId !== undefined, { message: 'give deliveryIds or endpointId' });
const IdParams = z.object({ id: z.uuid() });
const idParam = (i: RouteInput) => String((i.params as { id: unknown }).id);

/** Webhook endpoints and their dead letters (services/webhooks.ts): owner writes, audited; the secret is never in the audit. */
export function webhookRoutes(): RouteSpec[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/admin/webhooks',
      tag: 'admin',
      auth: 'admin',
      area: 'owner',
      summary: 'Register a webhook endpoint; answers its signing secret, shown this once',
      body: WebhookBodySchema,
      audit: { action: 'webhook.add', target: (i) => (i.body as { url: string }).url, after: (r) => (r as { endpoint: unknown }).endpoint },
      handler: ({ ctx, body }) => addWebhook(ctx, body),
    }),
    defineRoute({
      method: 'GET',
      url: '/admin/webhooks',
      tag: 'admin',
      auth: 'admin',
      area: 'read',
      summary: 'List webhook endpoints (never their secrets)',
      handler: ({ ctx }) => listWebhooks(ctx),
    }),
    defineRoute({
      method: 'PATCH',
      url: '/admin/webhooks/:id',
      tag: 'admin',
      auth: 'admin',
      area: 'owner',
      summary: "Change a webhook endpoint's URL or events, or disable it",
      params: IdParams,
      body: WebhookChangeSchema,
      audit: { action: 'webhook.change', target: idParam, before: (i) => getWebhook(i.ctx, idParam(i)) },
      handler: ({ ctx, params, body }) => changeWebhook(ctx, params.id, body),
    }),
    defineRoute({
      method: 'GET',
      url: '/admin/webhooks/dead-letters',
      tag: 'admin',
      auth: 'admin',
      area: 'read',
      summary: 'Deliveries HQ gave up on, with the last answer each got',
      query: z.object({ endpointId: z.uuid().optional(), limit: z.coerce.number().int().min(1).max(10_000).optional() }),
      handler: ({ ctx, query }) => deadLetters(ctx, query),
    }),
    defineRoute({
      method: 'POST',
      url: '/admin/webhooks/dead-letters/replay',
      tag: 'admin',
      auth: 'admin',
      area: 'owner',
      summary: 'Send dead letters again (same event ids)',
      body: ReplayBodySchema,
      audit: { action: 'webhook.replay', target: (i) => (i.body as { endpointId?: string }).endpointId ?? null },
      handler: ({ ctx, body }) => replayDeadLetters(ctx, body),
    }),
  ];
}
