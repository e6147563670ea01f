import type { Locator, Page } from '@playwright/test';
import type { Role } from '../../shared/permissions';

/** The manager's users screen: add a user, set a PIN, disable. */
export class UsersPage {
  readonly root: Locator;
  readonly nameField: Locator;
  readonly roleSelect: Locator;
  readonly pinField: Locator;
  readonly createButton: Locator;
  readonly message: Locator;
  readonly rows: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('users-screen');
    this.nameField = page.getByTestId('user-name');
    this.roleSelect = page.getByTestId('user-role');
    this.pinField = page.getByTestId('user-pin');
    this.createButton = page.getByTestId('user-create');
    this.message = page.getByTestId('users-message');
    this.rows = page.getByTestId('user-row');
  }

  row(name: string): Locator {
    return this.page.locator(`[data-testid="user-row"][data-user="${name}"]`);
  }

  async addUser(name: string, pin: string, role?: Role): Promise<void> {
    await this.nameField.fill(name);
    if (role) await this.roleSelect.selectOption(role);
    await this.pinField.fill(pin);
    await this.createButton.click();
  }
}
