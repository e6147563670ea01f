import type { Locator, Page } from '@playwright/test';
import { expect } from '../fixtures/app';

export type VerdictState = 'accepted' | 'refused' | 'error';

/** Types a code the way a keyboard-wedge scanner does: a burst, a few ms per key, then Enter. */
export async function scanAsScanner(page: Page, code: string): Promise<void> {
  await page.keyboard.type(code, { delay: 3 });
  await page.keyboard.press('Enter');
}

/** The cashier screen: scan field, basket total, verdict, the basket's coupons, undo and override. */
export class CashierPage {
  readonly root: Locator;
  readonly scanField: Locator;
  readonly basketTotal: Locator;
  readonly memberId: Locator;
  readonly verdict: Locator;
  readonly verdictHeadline: Locator;
  readonly verdictDiscount: Locator;
  readonly basketCoupons: Locator;
  readonly basketDiscount: Locator;
  readonly basketToPay: Locator;
  readonly newBasketButton: Locator;
  readonly undoLastButton: Locator;
  readonly overridePrompt: Locator;
  readonly overrideManager: Locator;
  readonly overridePin: Locator;
  readonly overrideApprove: Locator;
  readonly overrideError: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('cashier-screen');
    this.scanField = page.getByTestId('scan-field');
    this.basketTotal = page.getByTestId('basket-total');
    this.memberId = page.getByTestId('member-id');
    this.verdict = page.getByTestId('verdict');
    this.verdictHeadline = page.getByTestId('verdict-headline');
    this.verdictDiscount = page.getByTestId('verdict-discount');
    this.basketCoupons = page.getByTestId('basket-coupon');
    this.basketDiscount = page.getByTestId('basket-discount');
    this.basketToPay = page.getByTestId('basket-to-pay');
    this.newBasketButton = page.getByTestId('new-basket');
    this.undoLastButton = page.getByTestId('undo-last');
    this.overridePrompt = page.getByTestId('override-prompt');
    this.overrideManager = page.getByTestId('override-manager');
    this.overridePin = page.getByTestId('override-pin');
    this.overrideApprove = page.getByTestId('override-approve');
    this.overrideError = page.getByTestId('override-error');
  }

  /** Sets the basket total as the cashier does (click the field, type, Enter back to scanning). */
  async enterBasketTotal(amount: string): Promise<void> {
    await this.basketTotal.click();
    await this.basketTotal.pressSequentially(amount, { delay: 110 });
    await expect(this.basketTotal).toHaveValue(amount);
    await this.page.keyboard.press('Enter');
    await expect(this.scanField).toBeFocused();
  }

  async scan(code: string): Promise<void> {
    await scanAsScanner(this.page, code);
  }

  /** Scans and waits for this scan's verdict (the panel's seq moves on). */
  async scanAndWait(code: string): Promise<VerdictState> {
    const before = Number(await this.verdict.getAttribute('data-seq'));
    await this.scan(code);
    await expect
      .poll(async () => {
        const seq = Number(await this.verdict.getAttribute('data-seq'));
        const state = await this.verdict.getAttribute('data-state');
        return seq > before && (state === 'accepted' || state === 'refused' || state === 'error') ? state : null;
      })
      .not.toBeNull();
    return (await this.verdict.getAttribute('data-state')) as VerdictState;
  }

  async undoLast(): Promise<void> {
    await this.undoLastButton.click();
  }

  /** Approves the open override prompt with a manager's PIN. */
  async approveOverride(pin: string): Promise<void> {
    await expect(this.overridePrompt).toBeVisible();
    await this.overridePin.fill(pin);
    await this.overrideApprove.click();
  }
}
