import { expect, type Locator, type Page } from '@playwright/test';

type Section = 'Members' | 'API tokens' | 'Audit log' | 'Workspace';

/** `/settings/*`: members and invites, API tokens, the audit log; reached through the topbar's Settings link. */
export class SettingsPage {
  readonly dialog: Locator;
  readonly auditEntries: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog');
    this.auditEntries = page.getByRole('table', { name: 'Audit entries' });
  }

  /** Opens a settings section the way a user does: Settings in the topbar, then the section's link. */
  async open(section: Section) {
    if (!(await this.page.getByRole('navigation', { name: 'Sections' }).isVisible())) await this.page.goto('/');
    await this.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Settings' }).click();
    await this.page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: section, exact: true }).click();
    await expect(this.page.getByRole('heading', { level: 1, name: section })).toBeVisible();
  }

  /** Invites `email` with `role` on the Members page; returns the one-time link the page shows. */
  async invite(email: string, role: string): Promise<string> {
    await this.page.getByRole('textbox', { name: 'Email to invite' }).fill(email);
    await this.page.getByRole('combobox', { name: 'Role', exact: true }).selectOption(role);
    await this.page.getByRole('button', { name: 'Invite', exact: true }).click();
    const link = this.page.getByRole('textbox', { name: 'Invite link' });
    await expect(link).toHaveValue(/\/invite\/.+/);
    return link.inputValue();
  }

  /** Creates an API token on the Tokens page; returns its value, read from the dialog before it is closed. */
  async createToken(name: string, role: string): Promise<string> {
    await this.page.getByRole('button', { name: 'New token' }).click();
    await this.dialog.getByRole('textbox', { name: 'Token name' }).fill(name);
    await this.dialog.getByRole('combobox', { name: 'Role' }).selectOption(role);
    await expect(this.dialog.getByRole('radio', { name: 'API: everything the role allows' })).toBeChecked();
    await this.dialog.getByRole('button', { name: 'Create token' }).click();
    const token = this.dialog.getByRole('textbox', { name: 'Token', exact: true });
    await expect(token).toHaveValue(/^sy_/);
    return token.inputValue();
  }

  async closeDialog() {
    await this.dialog.getByRole('button', { name: 'Done' }).click();
    await expect(this.dialog).toHaveCount(0);
  }

  async revokeToken(name: string) {
    await this.page.getByRole('button', { name: `Revoke token ${name}` }).click();
    await this.dialog.getByRole('button', { name: 'Revoke', exact: true }).click();
    await expect(this.page.getByRole('button', { name: `Revoke token ${name}` })).toHaveCount(0);
  }

  /** Fills the audit filter fields named (the others are left as they are) and applies them. */
  async filterAudit(fields: Partial<Record<'Action' | 'Resource type', string>>) {
    for (const [name, value] of Object.entries(fields)) await this.page.getByRole('textbox', { name }).fill(value);
    await this.page.getByRole('button', { name: 'Apply filters' }).click();
  }

  /** The audit table's rows of one action (`member.invite`, `token.create`, …). */
  auditRows(action: string): Locator {
    return this.auditEntries.locator(`tr[data-action="${action}"]`);
  }
}
