import { expect, type Locator, type Page } from '@playwright/test';

/** Sandbox Studio at `/studio/:agentId`: files, Monaco tabs, the agent's panels, versions. */
export class StudioPage {
  readonly files: Locator;
  readonly side: Locator;
  readonly version: Locator;

  constructor(readonly page: Page) {
    this.files = page.getByRole('complementary', { name: 'Files' });
    this.side = page.getByRole('complementary', { name: 'Agent' });
    this.version = page.getByTestId('studio-version');
  }

  /** Creates an agent from the code-agents page; the app opens it in Studio. Returns its id. */
  async create(name: string, language = 'typescript'): Promise<string> {
    await this.page.goto('/code-agents');
    await this.page.getByRole('button', { name: 'New code agent' }).first().click();
    const dialog = this.page.getByRole('dialog', { name: 'New code agent' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill(name);
    await dialog.getByRole('combobox', { name: 'Language' }).selectOption(language);
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await expect(this.page).toHaveURL(/\/studio\/ca_/);
    await expect(this.version).toHaveText('v1');
    return this.page.url().split('/studio/')[1] ?? '';
  }

  async addFile(path: string) {
    await this.files.getByRole('button', { name: 'Add file' }).click();
    await this.files.getByRole('textbox', { name: 'New file path' }).fill(path);
    await this.page.keyboard.press('Enter');
    await expect(this.files.getByRole('button', { name: path, exact: true })).toBeVisible();
  }

  /** Opens `path` and replaces its text through Monaco, as typed text (no auto-closing brackets). */
  async write(path: string, source: string) {
    await this.files.getByRole('button', { name: path, exact: true }).click();
    await expect(this.page.getByRole('textbox', { name: `Code of ${path}` })).toBeAttached({ timeout: 20_000 });
    await this.page.locator('.studio-editor .monaco-editor').first().click();
    await this.page.keyboard.press('Control+a');
    await this.page.keyboard.press('Delete');
    await this.page.keyboard.insertText(source);
  }

  async tab(name: 'Test' | 'Schema' | 'Runtime' | 'Env' | 'Config' | 'History' | 'Export'): Promise<Locator> {
    await this.side.getByRole('tab', { name }).click();
    return this.side.getByRole('tabpanel', { name });
  }

  /** Saves the draft as the next version and waits for the version badge to show it. */
  async save(changelog: string, expected: number) {
    await this.page.getByRole('textbox', { name: 'Changelog' }).fill(changelog);
    await this.page.getByRole('button', { name: 'Save version' }).click();
    await expect(this.version).toHaveText(`v${expected}`);
  }
}
