import { describe, expect, it } from 'vitest';
import { defaultDataDir } from './dataDir';

describe('data folder', () => {
  it('follows the OS convention Electron uses for userData', () => {
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/x' }, 'linux')).toBe('/x/Coupon Till');
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toContain('Coupon Till');
  });
});
