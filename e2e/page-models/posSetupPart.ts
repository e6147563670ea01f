import type { Locator, Page } from '@playwright/test';

/** Settings -> Store POS: the POS API switch and address, the open-order timeout, pairing codes, the paired POSes. */
export class PosSetupPart {
  readonly root: Locator;
  readonly apiEnabled: Locator;
  readonly apiStatus: Locator;
  readonly orderTimeout: Locator;
  readonly saveButton: Locator;
  readonly newName: Locator;
  readonly makeCodeButton: Locator;
  readonly code: Locator;
  readonly codeText: Locator;
  readonly message: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('pos-setup');
    this.apiEnabled = page.getByTestId('pos-api-enabled');
    this.apiStatus = page.getByTestId('pos-api-status');
    this.orderTimeout = page.getByTestId('pos-order-timeout');
    this.saveButton = page.getByTestId('pos-save');
    this.newName = page.getByTestId('pos-new-name');
    this.makeCodeButton = page.getByTestId('pos-make-code');
    this.code = page.getByTestId('pos-pairing-code');
    this.codeText = page.getByTestId('pos-pairing-code-text');
    this.message = page.getByTestId('pos-message');
  }

  /** Makes a one-time pairing code for a POS called `name` and answers it as shown. */
  async makeCode(name: string): Promise<string> {
    await this.newName.fill(name);
    await this.makeCodeButton.click();
    return (await this.codeText.textContent())!.trim();
  }

  pairing(name: string): Locator {
    return this.root.locator(`[data-testid="pos-pairing"][data-name="${name}"]`);
  }

  async revoke(name: string): Promise<void> {
    await this.pairing(name).getByTestId('pos-revoke').click();
    await this.pairing(name).getByTestId('pos-revoke-yes').click();
  }
}
