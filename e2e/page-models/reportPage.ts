import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';

/** The end-of-day report (like a till's Z report) for one store day. */
export class ReportPage {
  readonly root: Locator;
  /** The report itself (data-day: the store day shown). */
  readonly body: Locator;
  readonly day: Locator;
  readonly showButton: Locator;
  readonly printButton: Locator;
  readonly printReceiptButton: Locator;
  readonly exportButton: Locator;
  readonly summary: Locator;
  readonly campaigns: Locator;
  readonly types: Locator;
  readonly cashiers: Locator;
  readonly voids: Locator;
  readonly conflicts: Locator;
  readonly unsynced: Locator;
  readonly hourChart: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('report-screen');
    this.body = page.getByTestId('report-body');
    this.day = page.getByTestId('report-day');
    this.showButton = page.getByTestId('report-show');
    this.printButton = page.getByTestId('report-print');
    this.printReceiptButton = page.getByTestId('report-print-receipt');
    this.exportButton = page.getByTestId('report-export');
    this.summary = page.getByTestId('report-summary');
    this.campaigns = page.getByTestId('report-campaign-row');
    this.types = page.getByTestId('report-type-row');
    this.cashiers = page.getByTestId('report-cashier-row');
    this.voids = page.getByTestId('report-void-row');
    this.conflicts = page.getByTestId('report-conflict-row');
    this.unsynced = page.getByTestId('report-unsynced');
    this.hourChart = page.getByTestId('report-hour-chart');
  }

  /** Shows the report of a store day (yyyy-mm-dd). */
  async showDay(day: string): Promise<void> {
    await this.day.fill(day);
    await this.showButton.click();
  }

  /** A campaign's line (by campaign id) and a coupon type's line (cash, percent, ...). */
  campaign(id: number): Locator {
    return this.campaigns.and(this.page.locator(`[data-key="${id}"]`));
  }

  type(type: string): Locator {
    return this.types.and(this.page.locator(`[data-key="${type}"]`));
  }

  /** The hour chart's bars with at least one redemption. */
  get busyHours(): Locator {
    return this.hourChart.locator('g[data-count]:not([data-count="0"])');
  }

  /**
   * Makes the Print buttons count instead of opening the browser's print dialog (which would
   * block the test); `printed()` says how many times a report was sent to print.
   */
  async catchPrint(): Promise<void> {
    await this.page.evaluate(() => {
      window.print = () => document.body.setAttribute('data-printed', String(Number(document.body.getAttribute('data-printed') ?? 0) + 1));
    });
  }

  async printed(): Promise<number> {
    return Number((await this.page.locator('body').getAttribute('data-printed')) ?? 0);
  }

  async exportCsv(): Promise<string> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.exportButton.click()]);
    return readFileSync((await download.path())!, 'utf8');
  }
}
