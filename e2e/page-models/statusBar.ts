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
  readonly detailsToggle: Locator;
  readonly details: Locator;
  /** The last error as main reported it (managers only). */
  readonly detailsError: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('status-bar');
    this.online = page.getByTestId('status-online');
    this.pending = page.getByTestId('status-pending');
    this.lastSync = page.getByTestId('status-last-sync');
    this.syncNowButton = page.getByTestId('sync-now');
    this.languageToggle = page.getByTestId('language-toggle');
    this.user = page.getByTestId('status-user');
    this.signOutButton = page.getByTestId('sign-out');
    this.detailsToggle = page.getByTestId('sync-details-toggle');
    this.details = page.getByTestId('sync-details');
    this.detailsError = page.getByTestId('sync-details-error');
  }

  /** The connection as the bar names it: online, offline, connecting, checking, notConfigured, drill. */
  async expectConnection(connection: string, timeout = 30_000): Promise<void> {
    await expect(this.online).toHaveAttribute('data-connection', connection, { timeout });
  }

  /** The bar's visible words, its parts joined by " · " (what a cashier reads). */
  async text(): Promise<string> {
    return this.root.evaluate((bar) =>
      [...bar.querySelectorAll('[data-testid="status-online"], [data-testid="status-pending"], [data-testid="status-last-sync"]')]
        .map((e) => (e as HTMLElement).innerText.trim())
        .join(' · '),
    );
  }

  /** True when the bar's items all sit on one line (none wrapped below another) and nothing scrolls sideways. */
  async isOneLine(): Promise<boolean> {
    return this.root.evaluate((bar) => {
      const tops = [...bar.children]
        .filter((c) => !c.matches('[data-testid="sync-details"]'))
        .map((c) => c.getBoundingClientRect())
        .filter((r) => r.width > 0 && r.height > 0);
      const first = tops[0];
      return !!first && tops.every((r) => r.top < first.bottom && r.bottom > first.top) && bar.scrollWidth <= bar.clientWidth + 1;
    });
  }

  /**
   * Starts recording every connection state and every text the bar shows from now on, so a
   * spec can say what never appeared (a first run must never flash "Offline · Never synced").
   */
  async recordStates(): Promise<() => Promise<{ connections: string[]; texts: string[] }>> {
    await this.page.evaluate(() => {
      const seen = { connections: [] as string[], texts: [] as string[] };
      (window as unknown as { __statusSeen: typeof seen }).__statusSeen = seen;
      const note = () => {
        const pill = document.querySelector('[data-testid="status-online"]');
        const bar = document.querySelector('[data-testid="status-bar"]') as HTMLElement | null;
        if (pill) seen.connections.push(pill.getAttribute('data-connection') ?? '');
        if (bar) seen.texts.push(bar.innerText);
      };
      note();
      new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    return () => this.page.evaluate(() => (window as unknown as { __statusSeen: { connections: string[]; texts: string[] } }).__statusSeen);
  }

  async openDetails(): Promise<void> {
    await this.detailsToggle.click();
    await expect(this.details).toBeVisible();
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
