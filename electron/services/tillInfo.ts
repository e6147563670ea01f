import type Database from 'better-sqlite3';
import { DEFAULT_CURRENCY } from '../../shared/format';
import type { AppInfo } from '../../shared/ipc/types';
import { storedSetting } from '../db/repos/appSettings';
import { storeTillName } from '../db/repos/ruleSet';
import { getTillConfig } from '../db/repos/tillConfig';

/** What the screens show about this till: the app, its store and till, whether it runs the demo. */
export function tillInfo(db: Database.Database, app: { version: string; shell: AppInfo['shell'] }): AppInfo {
  const till = getTillConfig(db);
  return {
    name: 'Coupon Till',
    version: app.version,
    shell: app.shell,
    platform: process.platform,
    storeId: till?.storeId ?? null,
    storeName: till?.storeName ?? null,
    tillId: till?.tillId ?? null,
    tillName: till ? storeTillName(db, till.tillId) : null,
    timeZone: till?.timeZone ?? null,
    currency: till?.currency ?? DEFAULT_CURRENCY,
    demo: storedSetting(db, 'demo') !== undefined,
  };
}
