export { AuthService, type AuditFn, type AuthOptions } from './authService';
export { OverrideStore } from './overrides';
export { SessionStore, type Session, type SignOutReason } from './sessions';
export { DEFAULT_SCRYPT, hashPin, verifyPin, type ScryptParams } from '../../../shared/auth/pinHash';
