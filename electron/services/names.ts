import type Database from 'better-sqlite3';
import type { Campaign } from '../../shared/campaign';
import type { LogRow } from '../../shared/ipc/types';
import type { LedgerEntry } from '../db/repos/ledger';
import { getRuleSetVersion, loadCampaigns, storeTillName } from '../db/repos/ruleSet';
import { stmt } from '../db/statements';

/**
 * Names a manager reads next to ids: campaign names (from the cached rule set, reloaded when its
 * version moves), user names (from the users table) and till names (as HQ named the store's tills).
 */
export class Names {
  private version = -1;
  private campaigns = new Map<number, Campaign>();

  constructor(private readonly db: Database.Database) {}

  campaign(id: number): Campaign | undefined {
    const v = getRuleSetVersion(this.db);
    if (v !== this.version) {
      this.campaigns = loadCampaigns(this.db).campaigns;
      this.version = v;
    }
    return this.campaigns.get(id);
  }

  user(id: string): string | null {
    return stmt<[string], { name: string }>(this.db, 'SELECT name FROM users WHERE id = ?').get(id)?.name ?? null;
  }

  /** A till's name at HQ; null when HQ never named it (an HQ before till names, or a till it no longer lists). */
  till(id: string): string | null {
    return storeTillName(this.db, id);
  }

  logRow(e: LedgerEntry): LogRow {
    const { hqWinnerId, hqWinner: _w, hqResolution: _r, hqNote: _n, ...record } = e;
    return {
      ...record,
      cashierName: this.user(e.cashierId),
      campaignName: this.campaign(e.campaignId)?.name ?? null,
      tillName: this.till(e.tillId),
      conflictWinnerId: hqWinnerId,
    };
  }
}
