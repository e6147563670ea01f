import { z } from 'zod';
import { nameSchema } from '../text';

/** A POS paired with this till, as the manager's settings screen lists it (never its credential). */
export interface PosPairingInfo {
  id: string;
  name: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

/** A one-time pairing code the manager reads out to the POS (valid 10 minutes). */
export interface PairingCode {
  code: string;
  expiresAt: number;
}

export const PairingCodeRequestSchema = z.strictObject({ name: nameSchema(60) });
export const PairingRenameRequestSchema = z.strictObject({ pairingId: z.string().uuid(), name: nameSchema(60) });
export const PairingRevokeRequestSchema = z.strictObject({ pairingId: z.string().uuid() });

/** Whether the POS API is listening, and where (the settings screen shows it for the POS's set-up). */
export interface PosApiStatus {
  /** The manager's setting (Settings.posApiEnabled). */
  enabled: boolean;
  /** `http://127.0.0.1:<port>` while it listens; null when off or it could not start. */
  url: string | null;
  /** Why it is not listening although enabled (the port is taken, ...), in words. */
  problem: string | null;
  /** The manager's LAN setting (Settings.posApiLan). */
  lan: boolean;
  /** `https://<LAN address>:<port>` while it listens on the store LAN over TLS, else null. */
  lanUrl: string | null;
  /** The SHA-256 fingerprint of the till's LAN certificate (AA:BB:...), for the POS to pin; null until one is made. */
  fingerprint: string | null;
  /** When that certificate expires (UTC epoch ms); null until one is made. */
  certificateExpiresAt: number | null;
  /** It expires within 30 days (or has): the screen tells the manager to rotate it (`till pos-cert rotate`) and re-pin the POSes. */
  certificateExpiresSoon: boolean;
}
