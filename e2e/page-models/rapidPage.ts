import type { Locator, Page } from '@playwright/test';
import { scanAsScanner } from './cashierPage';

/** Rapid scan mode: scan after scan, a row per scan, the running total. */
export class RapidPage {
  readonly root: Locator;
  readonly basketTotal: Locator;
  readonly rows: Locator;
  readonly rowList: Locator;
  readonly accepted: Locator;
  readonly ignored: Locator;
  readonly totalDiscount: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('rapid-screen');
    this.basketTotal = page.getByTestId('rapid-total');
    this.rowList = page.getByTestId('rapid-rows');
    this.rows = page.getByTestId('rapid-row');
    this.accepted = page.getByTestId('rapid-accepted');
    this.ignored = page.getByTestId('rapid-ignored');
    this.totalDiscount = page.getByTestId('rapid-total-discount');
  }

  async scan(code: string): Promise<void> {
    await scanAsScanner(this.page, code);
  }

  row(code: string): Locator {
    return this.page.locator(`[data-testid="rapid-row"][data-code="${code}"]`);
  }
}
