import type { Locator, Page } from '@playwright/test';
import { expect } from '../fixtures/app';

/** The sign-in screen: a tile per user, then the PIN. */
export class SignInPage {
  readonly root: Locator;
  readonly pinField: Locator;
  readonly submit: Locator;
  readonly error: Locator;
  /** The PIN step (after a user is picked). */
  readonly pinStep: Locator;
  readonly tiles: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('signin-screen');
    this.pinField = page.getByTestId('signin-pin-field');
    this.submit = page.getByTestId('signin-submit');
    this.error = page.getByTestId('signin-error');
    this.pinStep = page.getByTestId('signin-pin');
    this.tiles = page.locator('[data-testid^="signin-user-"]');
  }

  userTile(userId: string): Locator {
    return this.page.getByTestId(`signin-user-${userId}`);
  }

  /** The digit hint on a user's tile (1 for the first tile). */
  async digitOf(userId: string): Promise<string> {
    const index = await this.tiles.evaluateAll((tiles, id) => tiles.findIndex((t) => t.getAttribute('data-testid') === `signin-user-${id}`), userId);
    if (index < 0) throw new Error(`no sign-in tile for ${userId}`);
    return String(index + 1);
  }

  async pickUser(userId: string): Promise<void> {
    await this.userTile(userId).click();
    await expect(this.pinField).toBeFocused();
  }

  /** Types the PIN at a person's pace (slower than the wedge detector's scanner threshold), then Enter. */
  async typePin(pin: string): Promise<void> {
    await this.pinField.pressSequentially(pin, { delay: 110 });
    await expect(this.pinField).toHaveValue(pin);
    await this.page.keyboard.press('Enter');
  }

  /** Picks the user's tile, types the PIN and waits for the menu. */
  async signIn(user: { id: string; pin: string }): Promise<void> {
    await this.pickUser(user.id);
    await this.typePin(user.pin);
    await expect(this.page.getByTestId('nav')).toBeVisible();
  }
}
