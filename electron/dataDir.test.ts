import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir, lockDataDir } from './dataDir';

describe('data folder', () => {
  it('follows the OS convention Electron uses for userData', () => {
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/x' }, 'linux')).toBe('/x/Coupon Till');
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toContain('Coupon Till');
  });

  it('is locked by one till process; a stale lock is taken over', () => {
    const dir = mkdtempSync(join(tmpdir(), 'till-lock-'));
    try {
      // A live process (the test runner's parent) holds it: refused.
      writeFileSync(join(dir, 'till.lock'), String(process.ppid));
      expect(() => lockDataDir(dir)).toThrow(/Another Coupon Till/);
      // A pid that cannot exist: taken over, and released again.
      writeFileSync(join(dir, 'till.lock'), '2147483646');
      const release = lockDataDir(dir);
      release();
      lockDataDir(dir)();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
