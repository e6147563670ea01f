import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyChange,
  bitmapOf,
  decodeBitmap,
  decodeRice,
  decodeSpentSet,
  encodeBitmap,
  encodeRice,
  encodeSpentSet,
  foldChange,
  fromBase64Url,
  plainSpentValue,
  plainSpentValueOfKey,
  riceParameter,
  RoaringBitmap32,
  signedSpentValue,
  SpentListsSchema,
  toBase64Url,
} from './spentList';

const sorted = (b: RoaringBitmap32) => b.toArray();

/** The test vectors of docs/hq-api.md ("Spent lists"), read from the document itself. */
function docVectors(): {
  values?: number[] | string;
  base64url: string;
  hex?: string;
  delta?: { held: number[]; added: number[]; removed: number[] };
  result?: number[];
}[] {
  const doc = readFileSync(new URL('../docs/hq-api.md', import.meta.url), 'utf8');
  const block = /<!-- spent-list-vectors -->\s*```json\n([\s\S]*?)```\s*<!-- \/spent-list-vectors -->/.exec(doc);
  if (!block) throw new Error('docs/hq-api.md has no spent-list-vectors block');
  return JSON.parse(block[1]!) as ReturnType<typeof docVectors>;
}

/** The Rice-coded set vectors of docs/hq-api.md. */
function riceVectors(): { values: number[]; p?: number; base64url: string; hex: string }[] {
  const doc = readFileSync(new URL('../docs/hq-api.md', import.meta.url), 'utf8');
  const block = /<!-- spent-rice-vectors -->\s*```json\n([\s\S]*?)```\s*<!-- \/spent-rice-vectors -->/.exec(doc);
  if (!block) throw new Error('docs/hq-api.md has no spent-rice-vectors block');
  return JSON.parse(block[1]!) as ReturnType<typeof riceVectors>;
}

const expand = (v: number[] | string) => (typeof v === 'string' ? range(...(v.split('..').map(Number) as [number, number])) : v);
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

describe('spent list format: docs/hq-api.md test vectors', () => {
  const vectors = docVectors();
  it('has bitmaps and a delta', () => {
    expect(vectors.filter((v) => v.values !== undefined).length).toBeGreaterThanOrEqual(4);
    expect(vectors.some((v) => v.delta)).toBe(true);
  });
  for (const v of vectors.filter((x) => x.values !== undefined)) {
    it(`bitmap ${JSON.stringify(v.values)}`, () => {
      const b = bitmapOf(expand(v.values!));
      expect(encodeBitmap(b)).toBe(v.base64url);
      expect(Buffer.from(fromBase64Url(v.base64url)!).toString('hex')).toBe(v.hex);
      const back = decodeBitmap(v.base64url)!;
      expect(sorted(back)).toEqual(expand(v.values!));
      b.dispose();
      back.dispose();
    });
  }
  for (const v of vectors.filter((x) => x.delta)) {
    it('delta', () => {
      const held = bitmapOf(v.delta!.held);
      applyChange(held, bitmapOf(v.delta!.added), bitmapOf(v.delta!.removed));
      expect(sorted(held)).toEqual(v.result);
      expect(encodeBitmap(held)).toBe(v.base64url);
      held.dispose();
    });
  }
});

describe('Rice-coded sets (decision 087)', () => {
  const vectors = riceVectors();
  it('has vectors, one worked by hand at a given P', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(4);
    expect(vectors.some((v) => v.p !== undefined)).toBe(true);
  });
  for (const v of vectors)
    it(`vector ${JSON.stringify(v.values)}${v.p === undefined ? '' : ` at P ${v.p}`}`, () => {
      const bytes = encodeRice(Uint32Array.from(v.values), v.p);
      expect(Buffer.from(bytes).toString('hex')).toBe(v.hex);
      expect(toBase64Url(bytes)).toBe(v.base64url);
      expect([...decodeRice(fromBase64Url(v.base64url)!)!]).toEqual(v.values);
      const b = decodeSpentSet(v.base64url, 'rice')!;
      expect(sorted(b)).toEqual(v.values);
      b.dispose();
    });

  it('any set of 32-bit values, at any P, reads back as itself; a bitmap through encodeSpentSet too', () => {
    // Values below 2^(P + 10): a small P with gaps of 2^32 would spell billions of unary bits.
    const setAndP = fc
      .integer({ min: 0, max: 31 })
      .chain((p) => fc.tuple(fc.uniqueArray(fc.integer({ min: 0, max: Math.min(0xffff_ffff, 2 ** (p + 10)) }), { maxLength: 300 }), fc.constant(p)));
    fc.assert(
      fc.property(setAndP, ([raw, p]) => {
        const values = Uint32Array.from(raw.sort((a, b) => a - b));
        expect([...decodeRice(encodeRice(values, p))!]).toEqual([...values]);
        const b = bitmapOf(values);
        const back = decodeSpentSet(encodeSpentSet(b, 'rice'), 'rice')!;
        expect(sorted(back)).toEqual([...values]);
        b.dispose();
        back.dispose();
      }),
      { numRuns: 500 },
    );
  });

  it('bytes that are not exactly one set are refused; any that read encode back to the same bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 40 }), (bytes) => {
        const values = decodeRice(bytes);
        if (values) expect(encodeRice(values, bytes[0])).toEqual(bytes);
      }),
      { numRuns: 5_000 },
    );
    const hex = (h: string) => decodeRice(Uint8Array.from(Buffer.from(h, 'hex')));
    expect(hex('0102b0')).toEqual(Uint32Array.from([3, 5]));
    expect(hex('0102b000')).toBeNull(); // a byte more
    expect(hex('0102b1')).toBeNull(); // a padding bit set
    expect(hex('0102')).toBeNull(); // the stream ends inside a value
    expect(hex('200100000000')).toBeNull(); // P 32
    expect(hex('0002' + '00')).toBeNull(); // 0 then a gap of 0: a repeat
    expect(hex('1f02ffffffff7fffffff')).toBeNull(); // 2 * 2^31 + ... runs past 2^32 - 1
    expect(hex('00ffffffff0f')).toBeNull(); // 2^32 values claimed in no bytes
    expect(hex('018200')).toBeNull(); // the count with a needless trailing group
    expect(() => encodeRice(Uint32Array.from([5, 3]))).toThrow(RangeError);
    expect(decodeSpentSet('AQKx', 'rice')).toBeNull();
  });

  it('random 32-bit prefixes cost within 2 bits of log2(2^32 / n) each, well under the Roaring bitmap of the same set', () => {
    let seed = 7;
    const next = () => (seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0);
    const n = 20_000;
    const b = new RoaringBitmap32();
    while (b.size < n) b.add(next());
    const rice = encodeSpentSet(b, 'rice');
    expect(riceParameter(n)).toBe(17);
    expect((rice.length * 6) / n).toBeLessThan(Math.log2(2 ** 32 / n) + 2);
    expect(rice.length).toBeLessThan(encodeBitmap(b).length * 0.65);
    b.dispose();
  });
});

describe('spent list format', () => {
  it('base64url without padding, as Buffer writes it; non-canonical text refused', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = toBase64Url(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64url'));
        expect(fromBase64Url(text)).toEqual(bytes);
      }),
    );
    expect(fromBase64Url('AB')).toBeNull(); // leftover bits not zero
    expect(fromBase64Url('A')).toBeNull();
    expect(fromBase64Url('A+')).toBeNull();
  });

  it('garbage never reads as a bitmap that says something else: refused, or read back to the same bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), (bytes) => {
        const b = decodeBitmap(toBase64Url(bytes));
        if (b) {
          expect(b.serialize('portable')).toEqual(bytes);
          b.dispose();
        }
      }),
      { numRuns: 2_000 },
    );
    // A valid bitmap with a byte more is refused (two texts must not name one set).
    const ok = fromBase64Url('OjAAAAEAAAAAAAAAEAAAAAIA')!;
    expect(decodeBitmap(toBase64Url(new Uint8Array([...ok, 0])))).toBeNull();
  });

  it('any sequence of spent changes applied in order, or folded first, gives the full list', () => {
    const op = fc.record({ value: fc.integer({ min: 0, max: 200_000 }), usedUp: fc.boolean() });
    fc.assert(
      fc.property(fc.array(fc.array(op, { maxLength: 30 }), { maxLength: 12 }), fc.nat(), (versions, cut) => {
        // The truth: each value's last state.
        const truth = new Map<number, boolean>();
        const deltas = versions.map((ops) => {
          const added = new RoaringBitmap32();
          const removed = new RoaringBitmap32();
          for (const o of ops) {
            truth.set(o.value, o.usedUp);
            (o.usedUp ? added : removed).add(o.value);
            (o.usedUp ? removed : added).remove(o.value);
          }
          return { added, removed };
        });
        const full = [...truth]
          .filter(([, u]) => u)
          .map(([v]) => v)
          .sort((a, b) => a - b);
        const held = new RoaringBitmap32();
        for (const d of deltas) applyChange(held, d.added, d.removed);
        expect(sorted(held)).toEqual(full);
        // A till at version `at` gets the fold of what came after: the same set.
        const at = versions.length === 0 ? 0 : cut % (versions.length + 1);
        const till = new RoaringBitmap32();
        for (const d of deltas.slice(0, at)) applyChange(till, d.added, d.removed);
        const fold = { added: new RoaringBitmap32(), removed: new RoaringBitmap32() };
        for (const d of deltas.slice(at)) foldChange(fold, d);
        // Through the wire format.
        const wire = { added: decodeBitmap(encodeBitmap(fold.added))!, removed: decodeBitmap(encodeBitmap(fold.removed))! };
        applyChange(till, wire.added, wire.removed);
        expect(sorted(till)).toEqual(full);
        for (const b of [held, till, fold.added, fold.removed, wire.added, wire.removed, ...deltas.flatMap((d) => [d.added, d.removed])]) b.dispose();
      }),
      { numRuns: 300 },
    );
  });

  it('values: serials up to 32 bits, plain codes by the first 32 bits of their hash', () => {
    expect(signedSpentValue(7, 48_211)).toEqual({ list: 's:7', value: 48_211 });
    expect(signedSpentValue(7, 2 ** 32 - 1)).toEqual({ list: 's:7', value: 2 ** 32 - 1 });
    expect(signedSpentValue(7, 2 ** 32)).toBeNull();
    const hash = Uint8Array.from([0xde, 0xad, 0xbe, 0xef, ...new Array<number>(12).fill(1)]);
    expect(plainSpentValue(hash)).toBe(0xdeadbeef);
    expect(plainSpentValueOfKey('p:deadbeef' + '01'.repeat(12))).toBe(0xdeadbeef);
  });

  it('the page part: bounded, ordered, a reset drops nothing', () => {
    const ok = { fromVersion: 2, toVersion: 3, reset: false, lists: [{ list: 's:1', campaignId: 1, added: 'OjAAAAAAAAA' }], dropped: ['s:2'] };
    expect(SpentListsSchema.safeParse(ok).success).toBe(true);
    expect(SpentListsSchema.safeParse({ ...ok, toVersion: 1 }).success).toBe(false);
    expect(SpentListsSchema.safeParse({ ...ok, reset: true }).success).toBe(false);
    expect(SpentListsSchema.safeParse({ ...ok, lists: [{ list: 'x:1', campaignId: 1 }] }).success).toBe(false);
    expect(SpentListsSchema.safeParse({ ...ok, lists: [{ list: 's:1', campaignId: 1, added: 'not base64!' }] }).success).toBe(false);
  });
});
