import type { Locator, Page } from '@playwright/test';
import { expect } from '../fixtures/app';
import { CashierPage } from './cashierPage';
import { ConflictsPage } from './conflictsPage';
import { LogPage } from './logPage';
import { RapidPage } from './rapidPage';
import { ReportPage } from './reportPage';
import { SettingsPage } from './settingsPage';
import { SignInPage } from './signInPage';
import { StatusBar } from './statusBar';
import { UsersPage } from './usersPage';

/** The screens of the menu, with their Alt+key (renderer/app/store/useNavStore.ts). */
export const SCREEN_KEYS = { cashier: '1', rapid: '2', log: '3', conflicts: '4', users: '5', settings: '6', report: '7' } as const;
export type ScreenName = keyof typeof SCREEN_KEYS;

/**
 * The till's window as a person sees it: the status bar, the menu and one screen at a time.
 * Specs drive the app through these page models (one per screen, as Actual Budget's
 * e2e/page-models do): a rewritten screen changes its page model, not the specs.
 */
export class TillWindow {
  readonly statusBar: StatusBar;
  readonly signIn: SignInPage;
  readonly nav: Locator;

  constructor(readonly page: Page) {
    this.statusBar = new StatusBar(page);
    this.signIn = new SignInPage(page);
    this.nav = page.getByTestId('nav');
  }

  /** The menu's button for a screen (absent when the user may not open it). */
  navItem(screen: ScreenName): Locator {
    return this.page.getByTestId(`nav-${screen}`);
  }

  /** Opens a screen with its menu key (Alt+N), as a keyboard-first user does. */
  async openWithKey<S extends ScreenName>(screen: S): Promise<ScreenModel<S>> {
    await this.page.keyboard.press(`Alt+${SCREEN_KEYS[screen]}`);
    return this.expectScreen(screen);
  }

  /** Opens a screen by clicking its menu button. */
  async openWithMenu<S extends ScreenName>(screen: S): Promise<ScreenModel<S>> {
    await this.navItem(screen).click();
    return this.expectScreen(screen);
  }

  /** What a till screen must never have: sideways scroll, and visible buttons under 44 px (as "text height"). */
  async layoutProblems(): Promise<{ sideways: number; smallButtons: string[] }> {
    return this.page.evaluate(() => ({
      sideways: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      smallButtons: [...document.querySelectorAll('button')]
        .filter((b) => b.offsetParent !== null && b.getBoundingClientRect().height < 44)
        .map((b) => `${b.textContent} ${b.getBoundingClientRect().height}`),
    }));
  }

  /** The page model of a screen (without navigating). */
  screen<S extends ScreenName>(screen: S): ScreenModel<S> {
    return new SCREEN_MODELS[screen](this.page) as ScreenModel<S>;
  }

  private async expectScreen<S extends ScreenName>(screen: S): Promise<ScreenModel<S>> {
    const model = this.screen(screen);
    await expect(model.root).toBeVisible();
    return model;
  }
}

const SCREEN_MODELS = {
  cashier: CashierPage,
  rapid: RapidPage,
  log: LogPage,
  conflicts: ConflictsPage,
  users: UsersPage,
  settings: SettingsPage,
  report: ReportPage,
} as const;

export type ScreenModel<S extends ScreenName> = InstanceType<(typeof SCREEN_MODELS)[S]>;
