import type { Locator, Page } from '@playwright/test';
import { expect } from '../fixtures/app';
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
  readonly scanField: Locator;
  /** The amber "enter the basket total" notice; data-held says how many scans wait for it. */
  readonly needsTotal: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('rapid-screen');
    this.basketTotal = page.getByTestId('rapid-total');
    this.rowList = page.getByTestId('rapid-rows');
    this.rows = page.getByTestId('rapid-row');
    this.accepted = page.getByTestId('rapid-accepted');
    this.ignored = page.getByTestId('rapid-ignored');
    this.totalDiscount = page.getByTestId('rapid-total-discount');
    this.scanField = page.getByTestId('scan-field');
    this.needsTotal = page.getByTestId('rapid-needs-total');
  }

  async scan(code: string): Promise<void> {
    await scanAsScanner(this.page, code);
  }

  row(code: string): Locator {
    return this.page.locator(`[data-testid="rapid-row"][data-code="${code}"]`);
  }

  /** Rows in a state: checking, needTotal, accepted, refused, error. */
  rowsIn(state: string): Locator {
    return this.page.locator(`[data-testid="rapid-row"][data-state="${state}"]`);
  }

  /** Every row's code and state, top to bottom. */
  states(): Promise<(readonly [string | null, string | null])[]> {
    return this.rows.evaluateAll((els) => els.map((e) => [e.getAttribute('data-code'), e.getAttribute('data-state')] as const));
  }

  /** Types the basket total into the (focused) total field as a person does, then Enter back to scanning. */
  async typeTotal(amount: string): Promise<void> {
    await this.basketTotal.pressSequentially(amount, { delay: 110 });
    await this.page.keyboard.press('Enter');
  }

  /** Clicks the total field, types the total, Enter: the scan field has the focus again. */
  async enterTotal(amount: string): Promise<void> {
    await this.basketTotal.click();
    await this.typeTotal(amount);
    await expect(this.scanField).toBeFocused();
  }
}
