/**
 * Coupon code format v1 (signed codes) and plain-code normalisation. Pure TypeScript: no Node,
 * no crypto. Signing and verification live in electron/services/codeSigning.ts; plain-code
 * hashing in electron/services/plainCodes.ts. Specification: docs/coupon-code-format.md.
 */
export {
  CodeFormatError,
  decodePayload,
  encodePayload,
  HOLDER_BYTES,
  MAX_CAMPAIGN_ID,
  MAX_DAY,
  MAX_KEY_ID,
  MAX_SERIAL,
  PAYLOAD_VERSION,
  type CodeFormatReason,
  type CouponPayload,
} from './payload';
export { bodyLength, checkCharacters, CODE_MARKER, codeLength, formatCode, SIGNATURE_BYTES } from './text';
export {
  isSignedCandidate,
  MAX_PLAIN_CODE_LENGTH,
  normalisePlainCode,
  readCode,
  signedCouponKey,
  signingMessage,
  SIGNING_DOMAIN,
  type PlainCode,
  type ReadResult,
  type SignedCode,
} from './read';
export { DAY_EPOCH_MS, dayFromIsoDate, dayNumber, dayStart, isoDateOfDay } from './days';
