import type { ApiError, Result } from './result';

/**
 * Messages between the host's WebSocket endpoint and its browser bridge (JSON text frames).
 * The first client message must be `hello` with the per-launch secret; until the server
 * answers `welcome`, every call is refused.
 */
export type ClientMessage = { type: 'hello'; secret: string } | { type: 'invoke'; id: number; channel: string; request: unknown; overrideToken?: string };

export type ServerMessage =
  | { type: 'welcome'; clientId: string }
  | { type: 'refused'; error: ApiError }
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'event'; event: string; payload: unknown };

/** Where the host's WebSocket endpoint is. */
export const WS_PATH = '/ipc';
/** The URL fragment key that carries the per-launch secret to the page: `#till=<secret>`. */
export const SECRET_FRAGMENT_KEY = 'till';
