export { SyncEngine, DEFAULT_SYNC_OPTIONS, type SyncEngineDeps, type SyncEngineOptions, type SyncRunResult, type ClaimOutcome } from './engine';
export { HqClient, HqCallError, type FetchLike } from './hqClient';
export { backoffDelay } from './backoff';
