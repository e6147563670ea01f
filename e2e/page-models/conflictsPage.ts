import type { Locator, Page } from '@playwright/test';

/** Redemptions HQ flagged as conflicts: who won the code, and HQ's resolution. */
export class ConflictsPage {
  readonly root: Locator;
  readonly table: Locator;
  readonly rows: Locator;
  readonly showResolved: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('conflicts-screen');
    this.table = page.getByTestId('conflicts-table');
    this.rows = page.getByTestId('conflict-row');
    this.showResolved = page.getByTestId('conflicts-show-resolved');
  }

  winnerOf(row: Locator): Locator {
    return row.getByTestId('conflict-winner');
  }
}
