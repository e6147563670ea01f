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
  /** The manual basket's optional POS receipt number, and the note on what became of it. */
  readonly receiptNo: Locator;
  readonly receiptNote: Locator;
  readonly verdict: Locator;
  readonly verdictHeadline: Locator;
  readonly verdictDiscount: Locator;
  readonly basketCoupons: Locator;
  readonly basketDiscount: Locator;
  readonly basketToPay: Locator;
  readonly newBasketButton: Locator;
  readonly undoLastButton: Locator;
  readonly basket: Locator;
  /** The inline manager approval (undo, online claim) inside the verdict box. */
  readonly approval: Locator;
  readonly approvalManager: Locator;
  readonly approvalPin: Locator;
  readonly approvalError: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('cashier-screen');
    this.scanField = page.getByTestId('scan-field');
    this.basketTotal = page.getByTestId('basket-total');
    this.memberId = page.getByTestId('member-id');
    this.receiptNo = page.getByTestId('receipt-no');
    this.receiptNote = page.getByTestId('receipt-note');
    this.verdict = page.getByTestId('verdict');
    this.verdictHeadline = page.getByTestId('verdict-headline');
    this.verdictDiscount = page.getByTestId('verdict-discount');
    this.basketCoupons = page.getByTestId('basket-coupon');
    this.basketDiscount = page.getByTestId('basket-discount');
    this.basketToPay = page.getByTestId('basket-to-pay');
    this.newBasketButton = page.getByTestId('new-basket');
    this.undoLastButton = page.getByTestId('undo-last');
    this.basket = page.getByTestId('basket');
    this.approval = page.getByTestId('approval');
    this.approvalManager = page.getByTestId('approval-manager');
    this.approvalPin = page.getByTestId('approval-pin');
    this.approvalError = page.getByTestId('approval-error');
  }

  /** Sets the basket total as the cashier does (click the field, type, Enter back to scanning). */
  async enterBasketTotal(amount: string): Promise<void> {
    await this.basketTotal.click();
    await this.basketTotal.pressSequentially(amount, { delay: 110 });
    await expect(this.basketTotal).toHaveValue(amount);
    await this.page.keyboard.press('Enter');
    await expect(this.scanField).toBeFocused();
  }

  /** Types the POS's receipt number as a person does, then Enter (back to scanning; main keeps it). */
  async enterReceiptNo(receiptNo: string): Promise<void> {
    await this.receiptNo.click();
    await this.receiptNo.pressSequentially(receiptNo, { delay: 110 });
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

  /** New basket with its key (F2). */
  async newBasket(): Promise<void> {
    await this.page.keyboard.press('F2');
  }

  /** Undo the basket's last coupon with its key (F4). */
  async undoWithKey(): Promise<void> {
    await this.page.keyboard.press('F4');
  }

  /** In the open inline approval: picks the manager, types their PIN as a person does, Enter. */
  async approveAs(managerName: string, pin: string): Promise<void> {
    await expect(this.approvalPin).toBeFocused();
    await this.approvalManager.selectOption({ label: managerName });
    await this.approvalPin.focus();
    await this.approvalPin.pressSequentially(pin, { delay: 110 });
    await this.page.keyboard.press('Enter');
  }

  /** Where the screen's fixed parts are (scan field, verdict, total, undo, basket): an approval must not move them. */
  async layout() {
    return Promise.all([this.scanField, this.verdict, this.basketTotal, this.undoLastButton, this.basket].map((l) => l.boundingBox()));
  }
}
