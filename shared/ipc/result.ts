/**
 * What every API call answers. Main never lets an exception cross the boundary: every
 * failure becomes `{ ok: false, error }` with a stable code and a message in words.
 */
export const API_ERROR_CODES = [
  /** The channel is not in the contract. */
  'unknown_channel',
  /** The request did not match the channel's schema. */
  'bad_request',
  /** The caller is not our app (wrong frame origin, wrong host secret). */
  'bad_sender',
  /** The channel needs a signed-in user and there is none (or it was signed out when idle). */
  'not_signed_in',
  /** The signed-in user's role does not allow this; a manager override may. */
  'forbidden',
  /** The override token is missing, used, expired, for another action or another session. */
  'override_invalid',
  /** Wrong user id or PIN. */
  'bad_credentials',
  /** Too many wrong PINs: sign-in refused until `lockedUntil`. */
  'locked_out',
  'not_found',
  /** The request is well-formed but cannot be done in the current state. */
  'conflict',
  /** A service this call needs is not available (not configured, scanner absent, host disconnected). */
  'unavailable',
  /** A bug: logged in main, never detailed to the renderer. */
  'internal',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export interface ApiError {
  code: ApiErrorCode;
  message: string;
  /** Optional values for the message (for example `{ lockedUntil }`). */
  details?: Record<string, string | number | boolean | null>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: ApiErrorCode, message: string, details?: ApiError['details']): { ok: false; error: ApiError } {
  return details ? { ok: false, error: { code, message, details } } : { ok: false, error: { code, message } };
}

/**
 * An error a service throws on purpose, carrying an API error code. The register loop turns
 * it into `{ ok: false, error }`; any other exception becomes 'internal' with no detail.
 */
export class ApiFailure extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: ApiError['details'],
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}
