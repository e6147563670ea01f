import { RoaringBitmap32 } from 'roaring-wasm';
import { z } from 'zod';

/**
 * The spent list (decisions 072-074, docs/hq-api.md "Spent lists"): which codes HQ counts as used
 * up, small enough for a fresh till to pull after millions of redemptions.
 *
 * - Signed codes: one list per campaign, `s:<campaignId>`, a Roaring bitmap of used-up serials.
 * - Plain codes: one list per imported batch, `p:<batchId>`, a Roaring bitmap of the first 32 bits
 *   (big-endian) of each used-up code's 16-byte hash (the hash the allow-list holds).
 *
 * Bitmaps travel in the portable Roaring serialisation (the format CRoaring, Java and Go share),
 * base64url without padding; a plain-code list may travel instead as a Golomb-Rice coded set
 * (`coding: 'rice'`, decision 087), read into a bitmap on arrival. A page carries, per list, the values that became used up and the
 * values that stopped being used up since the till's spent version; applying them in order gives
 * the same set as HQ's full list (property-tested in spentList.test.ts).
 *
 * Bitmaps live in WebAssembly memory: whoever makes one disposes of it (`dispose()`).
 */

/** base64url without padding. */
const B64 = z.string().regex(/^[A-Za-z0-9_-]*$/, 'expected base64url');

/** `s:<campaignId>` for a campaign's signed serials, `p:<batchId>` for a plain-code batch's hash prefixes. */
export const SpentListIdSchema = z.string().regex(/^(s:\d{1,10}|p:[0-9a-f-]{36})$/, 'expected a spent list id');

/** Largest serialised bitmap in one page (a campaign with every serial up to 2^32 used up is ~512 MB: never sent whole). */
export const MAX_BITMAP_CHARS = 48_000_000;

/**
 * How a change's `added` and `removed` are written: `roaring` (the default) or `rice`, a
 * Golomb-Rice coded set (decision 087), which HQ sends for plain-code lists to a till that asks
 * for it (`rice=1` on the pull): random 32-bit prefixes cost about 2 bytes each there, ~3.3 in Roaring.
 */
export const SpentCodingSchema = z.enum(['roaring', 'rice']);
export type SpentCoding = z.infer<typeof SpentCodingSchema>;

export const SpentListChangeSchema = z.strictObject({
  list: SpentListIdSchema,
  campaignId: z.number().int().min(1),
  coding: SpentCodingSchema.optional(),
  /** Values that became used up (in a reset: every used-up value). */
  added: B64.max(MAX_BITMAP_CHARS).optional(),
  /** Values no longer used up (a void freed the use, an expired serial left the list). */
  removed: B64.max(MAX_BITMAP_CHARS).optional(),
});
export type SpentListChange = z.infer<typeof SpentListChangeSchema>;

/** The spent list's part of a pull page (absent from HQs before spent lists and when the till did not ask for it). */
export const SpentListsSchema = z
  .strictObject({
    /** The spent version the page starts from (the till's), and the one it brings the till to. */
    fromVersion: z.number().int().min(0),
    toVersion: z.number().int().min(0),
    /** True: forget every list held, then apply (every list in the page is whole). */
    reset: z.boolean(),
    lists: z.array(SpentListChangeSchema).max(100_000).default([]),
    /** Lists that left the spent list whole (their campaign ended). */
    dropped: z.array(SpentListIdSchema).max(100_000).default([]),
  })
  .refine((s) => s.toVersion >= s.fromVersion, { message: 'a spent list never goes back' })
  .refine((s) => !s.reset || s.dropped.length === 0, { message: 'a reset drops nothing: it replaces everything' });
export type SpentLists = z.infer<typeof SpentListsSchema>;

/** The list a signed code's serial belongs to, and its value there (null: a serial beyond 32 bits, sent by count instead). */
export function signedSpentValue(campaignId: number, serial: number): { list: string; value: number } | null {
  if (!Number.isSafeInteger(serial) || serial < 0 || serial > 0xffff_ffff) return null;
  return { list: `s:${campaignId}`, value: serial };
}

/** A plain code's value in its batch's list: the first 32 bits of its 16-byte hash, big-endian. */
export function plainSpentValue(hash: Uint8Array): number {
  if (hash.length < 4) throw new RangeError('a plain code hash has at least 4 bytes');
  return ((hash[0]! << 24) | (hash[1]! << 16) | (hash[2]! << 8) | hash[3]!) >>> 0;
}

/** The same from a plain coupon key (`p:` + 32 hex). */
export function plainSpentValueOfKey(couponKey: string): number {
  return Number.parseInt(couponKey.slice(2, 10), 16) >>> 0;
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const ENCODE = Uint8Array.from(B64URL, (c) => c.charCodeAt(0));
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) DECODE[ENCODE[i]!] = i;
const ascii = new TextDecoder('latin1');

/** Bytes as base64url without padding (shared/ has no Buffer; megabytes of bitmaps, so by tables, not string by string). */
export function toBase64Url(bytes: Uint8Array): string {
  const out = new Uint8Array(Math.ceil((bytes.length * 4) / 3));
  let j = 0;
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[j++] = ENCODE[n >> 18]!;
    out[j++] = ENCODE[(n >> 12) & 63]!;
    out[j++] = ENCODE[(n >> 6) & 63]!;
    out[j++] = ENCODE[n & 63]!;
  }
  const left = bytes.length - i;
  if (left > 0) {
    const n = (bytes[i]! << 16) | ((left > 1 ? bytes[i + 1]! : 0) << 8);
    out[j++] = ENCODE[n >> 18]!;
    out[j++] = ENCODE[(n >> 12) & 63]!;
    if (left > 1) out[j++] = ENCODE[(n >> 6) & 63]!;
  }
  return ascii.decode(out.subarray(0, j));
}

/** base64url without padding to bytes; null when it is not canonical base64url. */
export function fromBase64Url(text: string): Uint8Array | null {
  if (text.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((text.length * 6) / 8));
  let bits = 0;
  let acc = 0;
  let j = 0;
  for (let k = 0; k < text.length; k++) {
    const code = text.charCodeAt(k);
    const v = code < 128 ? DECODE[code]! : -1;
    if (v < 0) return null;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[j++] = (acc >> bits) & 0xff;
      acc &= (1 << bits) - 1;
    }
  }
  // The leftover bits must be zero, or two texts would name one bitmap.
  if (acc !== 0) return null;
  return out;
}

/** A bitmap in the portable format, base64url. */
export function encodeBitmap(bitmap: RoaringBitmap32): string {
  bitmap.runOptimize();
  return toBase64Url(bitmap.serialize('portable'));
}

/** Reads a portable bitmap (base64url); null when the text or the bytes are not one (nothing is trusted). */
export function decodeBitmap(text: string | undefined): RoaringBitmap32 | null {
  if (text === undefined || text === '') return new RoaringBitmap32();
  const bytes = fromBase64Url(text);
  if (!bytes) return null;
  try {
    const bitmap = RoaringBitmap32.deserialize(bytes, 'portable');
    // Trailing bytes would let two texts name one bitmap: refuse them.
    if (bitmap.getSerializationSizeInBytes('portable') !== bytes.length) {
      bitmap.dispose();
      return null;
    }
    return bitmap;
  } catch {
    return null;
  }
}

/**
 * The Rice parameter HQ picks for `n` values spread at random over 32 bits: the gaps are then
 * about geometric with mean 2^32 / n, for which log2(mean · ln 2) is the best parameter.
 */
export function riceParameter(n: number): number {
  if (n <= 0) return 0;
  return Math.max(0, Math.min(31, Math.round(Math.log2((2 ** 32 / n) * Math.LN2))));
}

/**
 * A Golomb-Rice coded set (BIP 158's coding of a sorted set, docs/hq-api.md): one byte P (0-31),
 * the count n as unsigned LEB128, then for each value its gap from the one before (the first from
 * 0) as the quotient gap >> P in unary (that many 1 bits, then a 0) and the low P bits, most
 * significant bit first; zero bits pad the last byte. `values` ascending, distinct, 32-bit.
 */
export function encodeRice(values: Uint32Array, p = riceParameter(values.length)): Uint8Array {
  const head: number[] = [p];
  let n = values.length;
  do {
    const low = n % 128;
    n = Math.floor(n / 128);
    head.push(n > 0 ? low | 0x80 : low);
  } while (n > 0);
  const unit = 2 ** p;
  let bits = 0;
  let prev = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (i > 0 && v <= prev) throw new RangeError('a Rice-coded set takes ascending distinct values');
    bits += Math.floor((v - prev) / unit) + 1 + p;
    prev = v;
  }
  const out = new Uint8Array(head.length + Math.ceil(bits / 8));
  out.set(head);
  let pos = head.length * 8;
  const one = (at: number) => (out[at >>> 3]! |= 0x80 >>> (at & 7));
  prev = 0;
  for (let i = 0; i < values.length; i++) {
    const gap = values[i]! - prev;
    prev = values[i]!;
    const q = Math.floor(gap / unit);
    const r = gap - q * unit;
    for (let k = 0; k < q; k++) one(pos++);
    pos++;
    // r < 2^P <= 2^31: a signed 32-bit shift reads its bits.
    for (let b = p - 1; b >= 0; b--, pos++) if ((r >>> b) & 1) one(pos);
  }
  return out;
}

/** Reads a Rice-coded set; null when the bytes are not exactly one (a short stream, a repeated or 33-bit value, stray bits). */
export function decodeRice(bytes: Uint8Array): Uint32Array | null {
  const p = bytes[0];
  if (p === undefined || p > 31) return null;
  let n = 0;
  let i = 1;
  for (let shift = 0; ; shift += 7) {
    const b = bytes[i++];
    if (b === undefined || shift > 28) return null;
    n += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) {
      if (b === 0 && shift > 0) return null;
      break;
    }
  }
  const end = bytes.length * 8;
  let pos = i * 8;
  // Each value takes at least P + 1 bits: a count the bytes cannot hold is refused before anything is allocated.
  if (n * (p + 1) > end - pos) return null;
  const out = new Uint32Array(n);
  const bit = (at: number) => (bytes[at >>> 3]! >>> (7 - (at & 7))) & 1;
  const unit = 2 ** p;
  let prev = 0;
  for (let k = 0; k < n; k++) {
    let q = 0;
    for (;;) {
      if (pos >= end) return null;
      if (bit(pos++) === 0) break;
      q++;
    }
    if (pos + p > end) return null;
    let r = 0;
    for (let b = 0; b < p; b++) r = r * 2 + bit(pos++);
    const gap = q * unit + r;
    if (k > 0 && gap === 0) return null;
    const v = prev + gap;
    if (v > 0xffff_ffff) return null;
    out[k] = v;
    prev = v;
  }
  // Only the last byte's padding may follow, all zero bits.
  if (end - pos >= 8) return null;
  for (; pos < end; pos++) if (bit(pos) === 1) return null;
  return out;
}

/** A set as a change carries it: Roaring's portable bytes or a Rice-coded set, base64url. */
export function encodeSpentSet(bitmap: RoaringBitmap32, coding: SpentCoding): string {
  return coding === 'rice' ? toBase64Url(encodeRice(bitmap.toUint32Array())) : encodeBitmap(bitmap);
}

/** Reads a change's set in its coding; null when it does not read (the caller disposes of the bitmap). */
export function decodeSpentSet(text: string | undefined, coding: SpentCoding = 'roaring'): RoaringBitmap32 | null {
  if (coding === 'roaring' || text === undefined || text === '') return decodeBitmap(text);
  const bytes = fromBase64Url(text);
  const values = bytes && decodeRice(bytes);
  return values ? RoaringBitmap32.from(values) : null;
}

/** A bitmap of these values (the caller disposes of it). */
export function bitmapOf(values: Iterable<number>): RoaringBitmap32 {
  const b = new RoaringBitmap32();
  for (const v of values) b.add(v);
  return b;
}

/** Applies one change to a held set in place: removed first, then added ((held - removed) + added). */
export function applyChange(held: RoaringBitmap32, added: RoaringBitmap32, removed: RoaringBitmap32): void {
  held.andNotInPlace(removed);
  held.orInPlace(added);
}

/**
 * Folds a later change into an earlier one in place, so that applying the fold equals applying
 * both in order: what the later one adds is no longer removed, what it removes no longer added.
 */
export function foldChange(first: { added: RoaringBitmap32; removed: RoaringBitmap32 }, next: { added: RoaringBitmap32; removed: RoaringBitmap32 }): void {
  first.added.andNotInPlace(next.removed);
  first.added.orInPlace(next.added);
  first.removed.andNotInPlace(next.added);
  first.removed.orInPlace(next.removed);
}

export { RoaringBitmap32 };
