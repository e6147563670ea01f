import { describe, expect, it } from 'vitest';
import type { RedemptionUpload } from '../shared/redemption';
import { bodyHash, canonicalBody, fullBody } from './services/ledger';

/**
 * HQ stores the hash of each entry's canonical body and compares a re-sent entry against it
 * ("same id, same body"). The canonical JSON must stay byte for byte what it has always been, or
 * every entry pushed again after an HQ upgrade would be refused as a different body.
 */
const upload: RedemptionUpload = {
  id: '0190a6c4-0000-7000-8000-000000000001',
  kind: 'redeem',
  voidsId: null,
  couponKey: 's:1:42',
  campaignId: 1,
  storeId: 's1',
  tillId: 't1',
  cashierId: 'c1',
  basketId: '0190a6c4-0000-7000-8000-000000000002',
  basketTotalMinor: 10_000,
  discountMinor: 2_000,
  memberId: null,
  source: 'scanner',
  hlc: '000001900000000:0000:t1',
  createdAt: 1_700_000_000_000,
  reason: null,
  approvedBy: null,
  seq: 7,
  receiptNo: 'R-1',
} as RedemptionUpload;

describe('the canonical body of an upload', () => {
  it('is the compared fields in their fixed order; the newer fields are kept in the full body only', () => {
    expect(canonicalBody(upload)).toBe(
      '{"id":"0190a6c4-0000-7000-8000-000000000001","kind":"redeem","voidsId":null,"couponKey":"s:1:42","campaignId":1,"storeId":"s1","tillId":"t1",' +
        '"cashierId":"c1","basketId":"0190a6c4-0000-7000-8000-000000000002","basketTotalMinor":10000,"discountMinor":2000,"memberId":null,' +
        '"source":"scanner","hlc":"000001900000000:0000:t1","createdAt":1700000000000,"reason":null,"approvedBy":null}',
    );
    expect(bodyHash(canonicalBody(upload))).toBe(bodyHash(canonicalBody({ ...upload, seq: 8, receiptNo: 'R-2', eligibleMinor: 5 })));
    expect(bodyHash(canonicalBody(upload))).not.toBe(bodyHash(canonicalBody({ ...upload, discountMinor: 2_001 })));
    expect(JSON.parse(fullBody(upload))).toEqual({ ...JSON.parse(canonicalBody(upload)), seq: 7, receiptNo: 'R-1' });
  });
});
