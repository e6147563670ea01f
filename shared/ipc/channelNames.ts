/**
 * The contract's channel names as a plain list, for the preload: it must know which channels
 * exist without bundling the request schemas (zod). A test keeps this equal to the contract.
 */
export const CHANNEL_NAMES = [
  'till:auth:roster',
  'till:auth:signIn',
  'till:auth:checkAhead',
  'till:auth:signOut',
  'till:auth:session',
  'till:auth:override',
  'till:coupon:validate',
  'till:coupon:redeem',
  'till:coupon:void',
  'till:coupon:undo',
  'till:basket:coupons',
  'till:basket:current',
  'till:basket:update',
  'till:basket:new',
  'till:log:list',
  'till:log:exportCsv',
  'till:conflicts:list',
  'till:log:summary',
  'till:log:campaigns',
  'till:report:day',
  'till:report:exportCsv',
  'till:sync:status',
  'till:sync:now',
  'till:users:list',
  'till:users:create',
  'till:users:setPin',
  'till:users:disable',
  'till:settings:get',
  'till:settings:set',
  'till:scanner:devices',
  'till:scanner:select',
  'till:scanner:status',
  'till:pos:pairingCode',
  'till:pos:pairings',
  'till:pos:rename',
  'till:pos:revoke',
  'till:pos:status',
  'till:order:open',
  'till:order:get',
  'till:order:apply',
  'till:order:remove',
  'till:order:close',
  'till:order:cancel',
  'till:order:return',
  'till:order:current',
  'till:order:scan',
  'till:app:info',
] as const;
export type ChannelName = (typeof CHANNEL_NAMES)[number];

export function isChannelName(x: unknown): x is ChannelName {
  return typeof x === 'string' && (CHANNEL_NAMES as readonly string[]).includes(x);
}
