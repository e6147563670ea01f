import {
  ClaimRequestSchema,
  ClaimResponseSchema,
  EnrollRequestSchema,
  EnrollResponseSchema,
  PullQuerySchema,
  PullResponseSchema,
  PushRequestSchema,
  PushResponseSchema,
} from '../../shared/sync';
import { AmendmentPushRequestSchema, AmendmentPushResponseSchema } from '../../shared/amendmentSync';
import { OrderPushRequestSchema, OrderPushResponseSchema } from '../../shared/orderSync';
import { IssuingResponseSchema, ISSUING_MAX_REPORTS } from '../../shared/issuing';
import { z } from 'zod';
import { tillIssuing } from '../services/issuing';
import { pushAmendments } from '../services/amendments';
import { claimCode } from '../services/claim';
import { pushOrderEvents } from '../services/orders';
import { pullPage } from '../services/pull';
import { pushBatch } from '../services/push';
import { enrollTill } from '../services/tills';
import { defineRoute, type RouteEnv, type RouteSpec } from './define';

/** The till-facing API: enroll, pull the rule set, push redemptions, claim a code online. */
export function syncRoutes(env: RouteEnv): RouteSpec[] {
  const { ctx } = env;
  return [
    defineRoute({
      method: 'POST',
      url: '/v1/enroll',
      tag: 'sync',
      auth: 'none',
      summary: 'Exchange a one-time enrollment token for a till credential',
      body: EnrollRequestSchema,
      response: EnrollResponseSchema,
      handler: ({ body }) => enrollTill(ctx, body),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/sync/pull',
      tag: 'sync',
      auth: 'till',
      summary: 'Pull one page of rule-set changes since a change-log version',
      query: PullQuerySchema,
      response: PullResponseSchema,
      handler: ({ query, till }) =>
        pullPage(ctx, till!, { chain: query.since, store: query.store ?? query.since }, query.limit, query.spent, query.engine ?? 1, query.rice === 1),
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/sync/push',
      tag: 'sync',
      auth: 'till',
      summary: 'Push a batch of redemptions and voids (each applied once by id)',
      body: PushRequestSchema,
      response: PushResponseSchema,
      bodyLimit: 8 * 1024 * 1024,
      perItemBody: true,
      handler: ({ body, till }) => pushBatch(ctx, till!, body.items),
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/sync/orders',
      tag: 'sync',
      auth: 'till',
      summary: 'Push a batch of POS order events (closed, cancelled, returned), each applied once by id',
      body: OrderPushRequestSchema,
      response: OrderPushResponseSchema,
      bodyLimit: 8 * 1024 * 1024,
      perItemBody: true,
      handler: ({ body, till }) => pushOrderEvents(ctx, till!, body.items),
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/sync/amendments',
      tag: 'sync',
      auth: 'till',
      summary: "Push a batch of amendments of redemptions' figures (coupons figured again in stack order), each applied once by id",
      body: AmendmentPushRequestSchema,
      response: AmendmentPushResponseSchema,
      bodyLimit: 8 * 1024 * 1024,
      perItemBody: true,
      handler: ({ body, till }) => pushAmendments(ctx, till!, body.items),
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/sync/issuing',
      tag: 'sync',
      auth: 'till',
      summary: 'Report the bounce-back codes this till handed out; get the codes it may hand out (blocks HQ signed for it)',
      body: z.strictObject({ issued: z.array(z.unknown()).max(ISSUING_MAX_REPORTS) }),
      response: IssuingResponseSchema,
      handler: ({ body, till }) => tillIssuing(ctx, till!, body),
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/claim',
      tag: 'sync',
      auth: 'till',
      summary: 'Claim a code online before redeeming it',
      body: ClaimRequestSchema,
      response: ClaimResponseSchema,
      handler: ({ body, till }) => claimCode(ctx, till!, body),
    }),
  ];
}
