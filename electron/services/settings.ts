import type Database from 'better-sqlite3';
import { ApiFailure } from '../../shared/ipc/result';
import type { SettingsPatch } from '../../shared/ipc/schemas';
import type { Language, ScannerKind, Settings } from '../../shared/ipc/types';
import { putStoredSetting, storedSetting, storedSettings } from '../db/repos/appSettings';
import { DEFAULT_SETTINGS } from '../../shared/ipc/defaults';

type Stored = Omit<Settings, 'hqUrl' | 'enrolled'> & { pendingHqUrl: string | null };

export interface Enrollment {
  /** Where HQ is and whether this till holds a credential (from the sync engine). */
  current(): { hqUrl: string | null; enrolled: boolean };
  /** Exchanges a one-time token for the till's credential. Throws with a message on failure. */
  enroll(hqUrl: string, token: string): Promise<void>;
  /** An enrolled till's HQ at a new address: HQ confirms the same credential there, or it throws and nothing changes. */
  move(hqUrl: string): Promise<void>;
}

/**
 * Till settings in the app_settings table (JSON values by key). The HQ address and enrollment
 * live with the sync engine; an enrollment token is used once and never stored.
 */
export class SettingsStore {
  private readonly listeners = new Set<(s: Settings) => void>();
  /** The stored settings as last read; `set` is the only writer and drops it. */
  private cache: Stored | null = null;

  constructor(
    private readonly db: Database.Database,
    private readonly enrollment: Enrollment | null,
    private readonly audit: (actor: string, action: string, detail: Record<string, unknown>) => void,
  ) {}

  /** Idle sign-out, read on every API call's session check: from the cache, no database read. */
  idleSignOutMs(): number {
    return this.stored().idleSignOutMs;
  }

  get(): Settings {
    const s = this.stored();
    const hq = this.enrollment?.current() ?? { hqUrl: null, enrolled: false };
    const { pendingHqUrl, ...rest } = s;
    return { ...rest, hqUrl: hq.hqUrl ?? pendingHqUrl, enrolled: hq.enrolled };
  }

  async set(patch: SettingsPatch, actorId: string): Promise<Settings> {
    if (patch.enrollmentToken !== undefined) {
      const url = patch.hqUrl ?? this.get().hqUrl;
      if (!url) throw new ApiFailure('bad_request', 'Enter the HQ address before the enrollment token.');
      if (!this.enrollment) throw new ApiFailure('unavailable', 'Sync is not available in this build.');
      try {
        await this.enrollment.enroll(url, patch.enrollmentToken);
      } catch (err) {
        throw new ApiFailure('unavailable', `Enrollment failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    const { enrollmentToken: _t, hqUrl, ...rest } = patch;
    const allowedBefore = this.stored().allowPlainHttpHq;
    // An enrolled till's address is the sync engine's: move it there (or refuse), never just note it.
    const movesHq = hqUrl !== undefined && patch.enrollmentToken === undefined && (this.enrollment?.current().enrolled ?? false);
    if (movesHq) await this.moveHq(hqUrl);
    this.cache = null;
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(rest)) if (value !== undefined) this.put(key, value);
      if (hqUrl !== undefined && !movesHq) this.put('pendingHqUrl', hqUrl);
      this.audit(actorId, 'settings.change', { keys: Object.keys(patch).map((k) => (k === 'enrollmentToken' ? 'enrollment' : k)) });
      // Sending the till's credential unencrypted is a security decision: its own entry, who and which way.
      if (rest.allowPlainHttpHq !== undefined && rest.allowPlainHttpHq !== allowedBefore) {
        this.audit(actorId, rest.allowPlainHttpHq ? 'hq.plain_http.allow' : 'hq.plain_http.forbid', {
          before: allowedBefore,
          after: rest.allowPlainHttpHq,
          hqUrl: this.get().hqUrl,
        });
      }
    })();
    const now = this.get();
    for (const l of this.listeners) l(now);
    return now;
  }

  private async moveHq(hqUrl: string | null): Promise<void> {
    const held = this.enrollment!.current().hqUrl;
    if (hqUrl === held) return;
    if (hqUrl === null) {
      throw new ApiFailure(
        'bad_request',
        `This till is enrolled with HQ at ${held}: it cannot be left without one. Give HQ's new address, or enroll it with a token from another HQ.`,
      );
    }
    try {
      await this.enrollment!.move(hqUrl);
    } catch (err) {
      throw new ApiFailure('unavailable', `The HQ address stays ${held}. ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Called after every change (the app adjusts idle sign-out and scanners). */
  onChange(listener: (s: Settings) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  private stored(): Stored {
    this.cache ??= this.read();
    return this.cache;
  }

  private read(): Stored {
    const out: Record<string, unknown> = { ...DEFAULT_SETTINGS, pendingHqUrl: null };
    let legacyPlainHttp = false;
    for (const row of storedSettings(this.db)) {
      // An older till's raw key, from before the setting: still honoured until a manager sets it.
      if (row.key === 'allow_plain_http_hq') legacyPlainHttp = row.value === '1';
      if (row.key in out) {
        try {
          out[row.key] = JSON.parse(row.value);
        } catch {
          // A damaged value falls back to its default rather than breaking the till.
        }
      }
    }
    if (legacyPlainHttp && !this.hasKey('allowPlainHttpHq')) out.allowPlainHttpHq = true;
    return out as Stored;
  }

  private hasKey(key: string): boolean {
    return storedSetting(this.db, key) !== undefined;
  }

  private put(key: string, value: unknown): void {
    putStoredSetting(this.db, key, value);
  }
}

export type { Language, ScannerKind };
