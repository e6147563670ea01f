import type { Locator, Page } from '@playwright/test';
import { expect } from '../fixtures/app';

/** The one-line status bar: online or not, what waits to sync, sync now, language, sign out. */
export class StatusBar {
  readonly root: Locator;
  readonly online: Locator;
  readonly pending: Locator;
  readonly lastSync: Locator;
  readonly syncNowButton: Locator;
  readonly languageToggle: Locator;
  readonly user: Locator;
  readonly signOutButton: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('status-bar');
    this.online = page.getByTestId('status-online');
    this.pending = page.getByTestId('status-pending');
    this.lastSync = page.getByTestId('status-last-sync');
    this.syncNowButton = page.getByTestId('sync-now');
    this.languageToggle = page.getByTestId('language-toggle');
    this.user = page.getByTestId('status-user');
    this.signOutButton = page.getByTestId('sign-out');
  }

  async syncNow(): Promise<void> {
    await this.syncNowButton.click();
  }

  async expectOnline(online: boolean, timeout = 30_000): Promise<void> {
    await expect(this.online).toHaveAttribute('data-online', online ? 'true' : 'false', { timeout });
  }

  async expectWaiting(count: number, timeout = 30_000): Promise<void> {
    await expect(this.pending).toHaveAttribute('data-count', String(count), { timeout });
  }

  /** Sync now, then wait until HQ answered and nothing waits. */
  async syncAndSettle(timeout = 30_000): Promise<void> {
    await this.syncNow();
    await this.expectOnline(true, timeout);
    await this.expectWaiting(0, timeout);
  }

  async signOut(): Promise<void> {
    await this.signOutButton.click();
  }
}
