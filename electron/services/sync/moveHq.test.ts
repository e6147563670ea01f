import { afterEach, describe, expect, it } from 'vitest';
import { startTestHq, type TestHq } from '../../../hq/testSupport';
import { SettingsStore } from '../settings';
import { loadSyncState } from './syncState';
import { makeTestTill, type TestTill } from './testing';

/**
 * `till:settings:set { hqUrl }` on an enrolled till: the till moves to HQ's new address only when
 * HQ there accepts this till's own credential; otherwise it refuses, says why, and changes nothing.
 */
const hqs: TestHq[] = [];
const tills: TestTill[] = [];
afterEach(async () => {
  while (tills.length) tills.pop()!.close();
  while (hqs.length) await hqs.pop()!.cleanup();
});

async function setUp() {
  const hq = await startTestHq('sqlite');
  hqs.push(hq);
  await hq.admin.seed();
  const till = makeTestTill();
  tills.push(till);
  await till.engine.enroll(hq.url, await hq.admin.enrollmentToken('s1'));
  const settings = new SettingsStore(
    till.db,
    {
      current: () => ({ hqUrl: loadSyncState(till.db).hqUrl, enrolled: till.engine.enrolled }),
      enroll: async (url, token) => void (await till.engine.enroll(url, token)),
      move: (url) => till.engine.moveHq(url),
    },
    () => undefined,
  );
  return { hq, till, settings };
}

describe('moving an enrolled till to a new HQ address', () => {
  it('moves when HQ at the new address confirms the same credential; sync then goes there', async () => {
    const { hq, till, settings } = await setUp();
    const [code] = await hq.admin.mint(1, 1);
    // The same HQ under another name (a new DNS name, a proxy in front): same database, new address.
    const moved = hq.url.replace('127.0.0.1', 'localhost');
    expect(moved).not.toBe(hq.url);
    const before = loadSyncState(till.db);
    const after = await settings.set({ hqUrl: moved }, 'manager-1');
    expect(after.hqUrl).toBe(moved);
    expect(loadSyncState(till.db)).toMatchObject({ hqUrl: moved, credential: before.credential });
    expect((await till.engine.syncNow()).ok).toBe(true);
    till.redeem(code!.code);
    expect(await till.engine.syncNow()).toMatchObject({ ok: true, pushed: 1 });
    expect(till.engine.status()).toMatchObject({ enrolled: true, waiting: 0 });
  });

  it('refuses another HQ (it does not know the credential) and an address nobody answers, changing nothing', async () => {
    const { hq, till, settings } = await setUp();
    const other = await startTestHq('sqlite');
    hqs.push(other);
    const held = loadSyncState(till.db);
    await expect(settings.set({ hqUrl: other.url, sounds: false }, 'manager-1')).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(new RegExp(`stays ${hq.url}.*does not know this till's credential`)),
    });
    await expect(settings.set({ hqUrl: 'http://127.0.0.1:9' }, 'manager-1')).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringContaining(`stays ${hq.url}`),
    });
    expect(loadSyncState(till.db)).toEqual(held);
    expect(settings.get()).toMatchObject({ hqUrl: hq.url, sounds: true });
    expect((await till.engine.syncNow()).ok).toBe(true);
  });

  it('refuses to leave an enrolled till without an HQ; the same address is no change', async () => {
    const { hq, settings } = await setUp();
    await expect(settings.set({ hqUrl: null }, 'manager-1')).rejects.toMatchObject({ code: 'bad_request' });
    expect((await settings.set({ hqUrl: hq.url }, 'manager-1')).hqUrl).toBe(hq.url);
  });
});
