import { expect, type Locator, type Page } from '@playwright/test';

/** The pages shown before the app: owner setup, sign-in, and an invite at `/invite/<token>`. */
export class AuthPage {
  readonly heading: Locator;
  readonly name: Locator;
  readonly email: Locator;
  readonly password: Locator;
  readonly alert: Locator;
  /** In the app's topbar once signed in. */
  readonly userMenu: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1 });
    this.name = page.getByRole('textbox', { name: 'Name', exact: true });
    this.email = page.getByRole('textbox', { name: 'Email', exact: true });
    // The setup and invite forms read a hint after the label ("Password At least 10 characters…").
    this.password = page.getByLabel(/^Password/);
    this.alert = page.getByRole('alert');
    this.userMenu = page.getByRole('button', { name: 'User menu' });
  }

  /** Fills the owner setup form (the first visit of a fresh server) and submits it. */
  async setUp(owner: { name: string; email: string; password: string }) {
    await this.name.fill(owner.name);
    await this.email.fill(owner.email);
    await this.password.fill(owner.password);
    await this.page.getByRole('button', { name: 'Create owner account' }).click();
  }

  async signIn(email: string, password: string) {
    await this.email.fill(email);
    await this.password.fill(password);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
  }

  /** Accepts the invite on its page with a new account's name and password. */
  async acceptInvite(name: string, password: string) {
    await this.name.fill(name);
    await this.password.fill(password);
    await this.page.getByRole('button', { name: 'Accept invite' }).click();
  }

  async signOut() {
    await this.userMenu.click();
    await this.page.getByRole('button', { name: 'Sign out' }).click();
    await expect(this.page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  }
}
