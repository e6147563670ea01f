import type { Locator, Page } from '@playwright/test';

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

  constructor(readonly page: Page) {
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
