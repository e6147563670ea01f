import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';

/** The end-of-day report (like a till's Z report) for one store day. */
export class ReportPage {
  readonly root: Locator;
  readonly day: Locator;
  readonly showButton: Locator;
  readonly printButton: Locator;
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
    this.day = page.getByTestId('report-day');
    this.showButton = page.getByTestId('report-show');
    this.printButton = page.getByTestId('report-print');
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

  async exportCsv(): Promise<string> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.exportButton.click()]);
    return readFileSync((await download.path())!, 'utf8');
  }
}
