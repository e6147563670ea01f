import type { Channel } from '../../shared/ipc/contract';

/** One POS API route: the HTTP method and path, the contract channel it passes through, how the request is built. */
export interface PosRoute {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  channel: Channel;
  summary: string;
  /** Builds the channel's request from the path params and the JSON body. */
  request(params: Record<string, string>, body: unknown): unknown;
}

const withOrder = (params: Record<string, string>, body: unknown) => ({ ...(body && typeof body === 'object' ? body : {}), orderId: params.orderId });

/** The routes under /pos/v1: every one a thin pass-through to a contract entry that accepts POS callers. */
export const POS_ROUTES: readonly PosRoute[] = [
  { method: 'GET', url: '/pos/v1/till', channel: 'till:app:info', summary: 'Which app, store and till this is', request: () => ({}) },
  {
    method: 'POST',
    url: '/pos/v1/orders',
    channel: 'till:order:open',
    summary: 'Open an order, or replace the lines and member of an open one',
    request: (_p, body) => body,
  },
  { method: 'GET', url: '/pos/v1/orders/:orderId', channel: 'till:order:get', summary: 'The order with its effects', request: (p) => ({ orderId: p.orderId }) },
  { method: 'POST', url: '/pos/v1/orders/:orderId/coupons', channel: 'till:order:apply', summary: 'Apply a code: verdict and effects', request: withOrder },
  {
    method: 'DELETE',
    url: '/pos/v1/orders/:orderId/coupons/:redemptionId',
    channel: 'till:order:remove',
    summary: 'Remove a coupon before close',
    request: (p) => ({ orderId: p.orderId, redemptionId: p.redemptionId }),
  },
  {
    method: 'POST',
    url: '/pos/v1/orders/:orderId/close',
    channel: 'till:order:close',
    summary: 'Close with the receipt number and paid total',
    request: withOrder,
  },
  { method: 'POST', url: '/pos/v1/orders/:orderId/cancel', channel: 'till:order:cancel', summary: 'Cancel an open order', request: withOrder },
  { method: 'POST', url: '/pos/v1/orders/:orderId/returns', channel: 'till:order:return', summary: 'Take lines back on a closed order', request: withOrder },
];
