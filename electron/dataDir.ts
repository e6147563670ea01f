import { homedir } from 'node:os';
import { join } from 'node:path';

export const PRODUCT_NAME = 'Coupon Till';

/**
 * Where Electron's app.getPath('userData') puts our data on each OS, so the Node host and the
 * Electron app share one data folder. COUPON_TILL_DATA overrides both (tests, several tills).
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', PRODUCT_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), PRODUCT_NAME);
}
