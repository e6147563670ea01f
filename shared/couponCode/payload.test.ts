import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CodeFormatError, decodePayload, encodePayload, MAX_CAMPAIGN_ID, MAX_DAY, MAX_KEY_ID, MAX_SERIAL, type CouponPayload } from './index';
import { payloadArb } from './testing';
import { dayFromIsoDate, dayNumber, dayStart, isoDateOfDay } from './days';

function reasonOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof CodeFormatError) return e.reason;
    throw e;
  }
  return undefined;
}

describe('payload codec v1', () => {
  it('round-trips every valid payload, including maximum values and a holder', () => {
    fc.assert(
      fc.property(payloadArb, (p) => {
        expect(decodePayload(encodePayload(p))).toEqual(p);
      }),
    );
    const max: CouponPayload = {
      version: 1,
      keyId: MAX_KEY_ID,
      campaignId: MAX_CAMPAIGN_ID,
      serial: MAX_SERIAL,
      issueDay: 0,
      expiryDay: MAX_DAY,
      holder: new Uint8Array(8).fill(255),
    };
    const bytes = encodePayload(max);
    expect(bytes.length).toBe(1 + 3 + 5 + 8 + 2 + 3 + 8);
    expect(decodePayload(bytes)).toEqual(max);
  });

  it('lays out a typical payload in 10 bytes as specified', () => {
    const bytes = encodePayload({ version: 1, keyId: 1, campaignId: 300, serial: 5, issueDay: 0x0a0b, expiryDay: 0x0a0b + 30 });
    expect([...bytes]).toEqual([0x10, 0x01, 0xac, 0x02, 0x05, 0x0a, 0x0b, 30]);
  });

  it('refuses out-of-range fields when encoding', () => {
    const base: CouponPayload = { version: 1, keyId: 1, campaignId: 1, serial: 1, issueDay: 10, expiryDay: 10 };
    expect(reasonOf(() => encodePayload({ ...base, keyId: MAX_KEY_ID + 1 }))).toBe('bad_format');
    expect(reasonOf(() => encodePayload({ ...base, campaignId: 0 }))).toBe('bad_format');
    expect(reasonOf(() => encodePayload({ ...base, campaignId: MAX_CAMPAIGN_ID + 1 }))).toBe('bad_format');
    expect(reasonOf(() => encodePayload({ ...base, serial: MAX_SERIAL + 1 }))).toBe('bad_format');
    expect(reasonOf(() => encodePayload({ ...base, serial: 1.5 }))).toBe('bad_format');
    expect(reasonOf(() => encodePayload({ ...base, expiryDay: 9 }))).toBe('bad_format');
    expect(reasonOf(() => encodePayload({ ...base, issueDay: MAX_DAY + 1, expiryDay: MAX_DAY + 1 }))).toBe('bad_format');
    expect(reasonOf(() => encodePayload({ ...base, holder: new Uint8Array(7) }))).toBe('bad_format');
  });

  it('refuses trailing bytes, truncation, non-minimal varints, unknown flags and other versions', () => {
    const ok = [0x10, 0x01, 0x01, 0x05, 0x00, 0x10, 0x03];
    expect(reasonOf(() => decodePayload(Uint8Array.from(ok)))).toBeUndefined();
    expect(reasonOf(() => decodePayload(Uint8Array.from([...ok, 0])))).toBe('bad_format');
    expect(reasonOf(() => decodePayload(Uint8Array.from(ok.slice(0, -1))))).toBe('bad_format');
    expect(reasonOf(() => decodePayload(Uint8Array.from([0x10, 0x81, 0x00, 0x01, 0x05, 0x00, 0x10, 0x03])))).toBe('bad_format'); // keyId 1 in 2 bytes
    expect(reasonOf(() => decodePayload(Uint8Array.from([0x12, ...ok.slice(1)])))).toBe('bad_format');
    expect(reasonOf(() => decodePayload(Uint8Array.from([0x11, ...ok.slice(1)])))).toBe('bad_format'); // holder flagged, missing
    expect(reasonOf(() => decodePayload(Uint8Array.from([0x20, ...ok.slice(1)])))).toBe('unsupported_version');
    expect(reasonOf(() => decodePayload(Uint8Array.from([0x10, 0x01, 0x00, 0x05, 0x00, 0x10, 0x03])))).toBe('bad_format'); // campaign 0
    expect(reasonOf(() => decodePayload(Uint8Array.from([0x10, 0x84, 0x80, 0x04, 0x01, 0x05, 0x00, 0x10, 0x03])))).toBe('bad_format'); // keyId 65540
    expect(reasonOf(() => decodePayload(Uint8Array.from([0x10, 0x01, 0x01, 0x05, 0xff, 0xff, 0x01])))).toBe('bad_format'); // expiry past 65535
    expect(reasonOf(() => decodePayload(new Uint8Array(0)))).toBe('bad_format');
  });

  it('never throws anything but CodeFormatError on arbitrary bytes, and re-encodes what it accepts identically', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        let p: CouponPayload;
        try {
          p = decodePayload(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(CodeFormatError);
          return;
        }
        expect(encodePayload(p)).toEqual(bytes); // one byte form per payload: no malleability
      }),
      { numRuns: 3000 },
    );
  });
});

describe('code calendar days', () => {
  it('counts whole UTC days from 2020-01-01', () => {
    expect(dayNumber(Date.UTC(2020, 0, 1))).toBe(0);
    expect(dayNumber(Date.UTC(2020, 0, 1, 23, 59, 59, 999))).toBe(0);
    expect(dayNumber(Date.UTC(2019, 11, 31, 23))).toBe(-1);
    expect(dayNumber(Date.UTC(2026, 10, 23, 9))).toBe(2518);
    expect(dayStart(2518)).toBe(Date.UTC(2026, 10, 23));
    expect(dayFromIsoDate('2026-11-23')).toBe(2518);
    expect(isoDateOfDay(2518)).toBe('2026-11-23');
    expect(dayFromIsoDate('2026-02-30')).toBeNull();
    expect(dayFromIsoDate('26-1-1')).toBeNull();
  });
});
