/** fast-check arbitraries for coupon code tests (test-only; not exported from index). */
import fc from 'fast-check';
import { HOLDER_BYTES, MAX_CAMPAIGN_ID, MAX_DAY, MAX_KEY_ID, type CouponPayload } from './payload';

/** Any valid v1 payload: small and maximal values, with and without a holder. */
export const payloadArb: fc.Arbitrary<CouponPayload> = fc
  .record({
    keyId: fc.integer({ min: 0, max: MAX_KEY_ID }),
    campaignId: fc.integer({ min: 1, max: MAX_CAMPAIGN_ID }),
    serial: fc.oneof(fc.integer({ min: 0, max: 2 ** 21 }), fc.maxSafeNat()),
    issueDay: fc.integer({ min: 0, max: MAX_DAY }),
    validity: fc.integer({ min: 0, max: MAX_DAY }),
    holder: fc.option(fc.uint8Array({ minLength: HOLDER_BYTES, maxLength: HOLDER_BYTES }), { nil: undefined }),
  })
  .map(({ validity, holder, ...r }) => {
    const p: CouponPayload = { version: 1, ...r, expiryDay: Math.min(MAX_DAY, r.issueDay + validity) };
    if (holder) p.holder = holder;
    return p;
  });
