import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { expect } from '../fixtures/app';

export type LogStatus = '' | 'redeemed' | 'voided' | 'pending' | 'accepted' | 'conflict' | 'resolved';

/** The manager's redemption log: filters, totals and breakdowns, keyset paging, void with a reason, CSV. */
export class LogPage {
  readonly root: Locator;
  readonly fromDay: Locator;
  readonly toDay: Locator;
  readonly cashier: Locator;
  readonly till: Locator;
  readonly campaign: Locator;
  readonly status: Locator;
  readonly conflictsOnlyBox: Locator;
  readonly applyButton: Locator;
  readonly resetButton: Locator;
  readonly exportButton: Locator;
  readonly totals: Locator;
  readonly breakdowns: Locator;
  readonly summaryTotals: Locator;
  readonly table: Locator;
  readonly rows: Locator;
  readonly nextButton: Locator;
  readonly prevButton: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('log-screen');
    this.fromDay = page.getByTestId('log-from');
    this.toDay = page.getByTestId('log-to');
    this.cashier = page.getByTestId('log-cashier');
    this.till = page.getByTestId('log-till');
    this.campaign = page.getByTestId('log-campaign');
    this.status = page.getByTestId('log-status');
    this.conflictsOnlyBox = page.getByTestId('log-conflicts-only');
    this.applyButton = page.getByTestId('log-apply');
    this.resetButton = page.getByTestId('log-reset');
    this.exportButton = page.getByTestId('log-export');
    this.totals = page.getByTestId('log-totals');
    this.breakdowns = page.getByTestId('log-breakdowns');
    this.summaryTotals = page.getByTestId('log-summary-totals');
    this.table = page.getByTestId('log-table');
    this.rows = page.getByTestId('log-row');
    this.nextButton = page.getByTestId('log-next');
    this.prevButton = page.getByTestId('log-prev');
  }

  /** Rows by what they are: a live redemption, a voided redemption, or a void entry. */
  liveRows(): Locator {
    return this.page.locator('[data-testid="log-row"][data-kind="redeem"][data-voided="false"]');
  }
  voidedRows(): Locator {
    return this.page.locator('[data-testid="log-row"][data-voided="true"]');
  }
  voidEntries(): Locator {
    return this.page.locator('[data-testid="log-row"][data-kind="void"]');
  }

  /** A breakdown's line: per campaign (key: its id), cashier (user id) or till (till id). */
  breakdownRow(by: 'campaign' | 'cashier' | 'till', key: string): Locator {
    return this.page.getByTestId(`log-by-${by}`).locator(`tr[data-key="${key}"]`);
  }

  /** The till column of a row (its name; the till id is the tooltip). */
  tillOf(row: Locator): Locator {
    return row.getByTestId('log-row-till');
  }

  /** The sync column of a row (its own sync state: a void's too). */
  syncOf(row: Locator): Locator {
    return row.getByTestId('log-row-sync');
  }

  async expectCount(count: number): Promise<void> {
    await expect(this.totals).toHaveAttribute('data-count', String(count));
  }

  /** Picks a campaign by its name (blank: any campaign). */
  async pickCampaign(name: string | null): Promise<void> {
    if (name === null) await this.campaign.selectOption('');
    else await this.campaign.selectOption({ label: name });
  }

  async pickStatus(status: LogStatus): Promise<void> {
    await this.status.selectOption(status);
  }

  async setConflictsOnly(on: boolean): Promise<void> {
    await this.conflictsOnlyBox.setChecked(on);
  }

  async apply(): Promise<void> {
    await this.applyButton.click();
  }

  async next(): Promise<void> {
    await this.nextButton.click();
  }

  async prev(): Promise<void> {
    await this.prevButton.click();
  }

  /** Voids a row with a reason, from its Void button, and waits for it to show as voided. */
  async voidRow(row: Locator, reason: string): Promise<void> {
    await row.getByTestId('void-open').click();
    await row.getByTestId('void-reason').fill(reason);
    await row.getByTestId('void-confirm').click();
  }

  /** Exports the filtered log and returns the CSV text that was saved. */
  async exportCsv(): Promise<string> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.exportButton.click()]);
    return readFileSync((await download.path())!, 'utf8');
  }
}
