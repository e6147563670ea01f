import type { Locator, Page } from '@playwright/test';

/** Settings -> Scanner: "scan this test barcode", what it learned, and Save. */
export class ScannerSetupPart {
  readonly root: Locator;
  /** What the till uses now ("defaults" until a scanner was learned). */
  readonly current: Locator;
  readonly startButton: Locator;
  readonly learned: Locator;
  readonly saveButton: Locator;
  readonly saved: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('scanner-setup');
    this.current = page.getByTestId('scanner-setup-current');
    this.startButton = page.getByTestId('scanner-setup-start');
    this.learned = page.getByTestId('scanner-setup-learned');
    this.saveButton = page.getByTestId('scanner-setup-save');
    this.saved = page.getByTestId('scanner-setup-saved');
  }
}

/** The manager's settings screen. */
export class SettingsPage {
  readonly root: Locator;
  readonly hqUrl: Locator;
  readonly scanner: Locator;
  readonly sounds: Locator;
  readonly language: Locator;
  readonly rapidWindow: Locator;
  readonly prefix: Locator;
  readonly suffix: Locator;
  readonly enrollToken: Locator;
  readonly saveButton: Locator;
  readonly message: Locator;
  readonly scannerSetup: ScannerSetupPart;

  constructor(readonly page: Page) {
    this.scannerSetup = new ScannerSetupPart(page);
    this.root = page.getByTestId('settings-screen');
    this.hqUrl = page.getByTestId('settings-hq-url');
    this.scanner = page.getByTestId('settings-scanner');
    this.sounds = page.getByTestId('settings-sounds');
    this.language = page.getByTestId('settings-language');
    this.rapidWindow = page.getByTestId('settings-rapid-window');
    this.prefix = page.getByTestId('settings-prefix');
    this.suffix = page.getByTestId('settings-suffix');
    this.enrollToken = page.getByTestId('settings-enroll-token');
    this.saveButton = page.getByTestId('settings-save');
    this.message = page.getByTestId('settings-message');
  }

  async save(): Promise<void> {
    await this.saveButton.click();
  }
}
