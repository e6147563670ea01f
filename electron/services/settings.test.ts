import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { openTillDatabase } from '../db/connection';
import { DEFAULT_SETTINGS } from '../../shared/ipc/defaults';
import { SettingsStore, type Enrollment } from './settings';

describe('SettingsStore', () => {
  let db: Database.Database;
  let hq: { hqUrl: string | null; enrolled: boolean };
  let store: SettingsStore;
  const audits: string[] = [];

  beforeEach(() => {
    db = openTillDatabase(':memory:');
    hq = { hqUrl: null, enrolled: false };
    const enrollment: Enrollment = { current: () => hq, enroll: async () => undefined, move: async (url) => void (hq = { ...hq, hqUrl: url }) };
    store = new SettingsStore(db, enrollment, (_actor, action) => void audits.push(action));
  });
  afterEach(() => db.close());

  it('gives the defaults until something is set', () => {
    expect(store.get().idleSignOutMs).toBe(DEFAULT_SETTINGS.idleSignOutMs);
    expect(store.idleSignOutMs()).toBe(DEFAULT_SETTINGS.idleSignOutMs);
  });

  it('a change is seen at once by get() and by the idle sign-out read on every call, and survives a new store', async () => {
    expect(store.idleSignOutMs()).toBe(DEFAULT_SETTINGS.idleSignOutMs); // cached now
    await store.set({ idleSignOutMs: 120_000 }, 'manager-1');
    expect(store.idleSignOutMs()).toBe(120_000);
    expect(store.get().idleSignOutMs).toBe(120_000);
    const reopened = new SettingsStore(db, null, () => undefined);
    expect(reopened.idleSignOutMs()).toBe(120_000);
    expect(audits).toContain('settings.change');
  });

  it('reads enrollment fresh each time (sync changes it outside the settings)', () => {
    expect(store.get().enrolled).toBe(false);
    hq = { hqUrl: 'http://hq.example:8080', enrolled: true };
    expect(store.get()).toMatchObject({ hqUrl: 'http://hq.example:8080', enrolled: true });
  });

  it('a damaged stored value falls back to its default', () => {
    db.prepare("INSERT INTO app_settings (key, value) VALUES ('idleSignOutMs', '{not json')").run();
    expect(new SettingsStore(db, null, () => undefined).idleSignOutMs()).toBe(DEFAULT_SETTINGS.idleSignOutMs);
  });
});
