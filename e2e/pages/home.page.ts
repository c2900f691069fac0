import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';

/** The home page at `/`: health pill, workflow list (search, create, rename, duplicate, delete), node palette. */
export class HomePage {
  readonly health: Locator;
  readonly workflows: Locator;
  readonly emptyState: Locator;
  readonly palette: Locator;
  readonly search: Locator;
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.health = page.getByRole('status', { name: 'Server health' });
    this.workflows = page.getByRole('region', { name: 'Workflows' });
    this.emptyState = this.workflows.getByText('No workflows yet');
    this.palette = page.getByRole('complementary', { name: 'Node types' });
    this.search = this.workflows.getByRole('searchbox', { name: 'Search workflows' });
    this.dialog = page.getByRole('dialog');
  }

  /** Creates a workflow through the New workflow dialog; the app then opens it in the editor. */
  async create(name: string) {
    await this.workflows.getByRole('button', { name: 'New workflow' }).click();
    await this.dialog.getByRole('textbox', { name: 'Name' }).fill(name);
    await this.dialog.getByRole('button', { name: 'Create', exact: true }).click();
  }

  /** Renames a row inline (Enter commits). */
  async rename(name: string, to: string) {
    await this.workflow(name).hover();
    await this.workflows.getByRole('button', { name: `Rename ${name}`, exact: true }).click();
    await this.workflows.getByRole('textbox', { name: `New name for ${name}` }).fill(to);
    await this.page.keyboard.press('Enter');
  }

  async duplicate(name: string) {
    await this.workflow(name).hover();
    await this.workflows.getByRole('button', { name: `Duplicate ${name}`, exact: true }).click();
  }

  /** Deletes a row, confirming in the dialog. */
  async delete(name: string) {
    await this.workflow(name).hover();
    await this.workflows.getByRole('button', { name: `Delete ${name}`, exact: true }).click();
    await this.dialog.getByRole('button', { name: 'Delete', exact: true }).click();
  }

  async goto() {
    await this.page.goto('/');
    await expect(this.page.getByRole('link', { name: 'Switchyard' })).toBeVisible();
  }

  /** The list row of the workflow named `name`. */
  workflow(name: string): Locator {
    return this.workflows.getByRole('listitem').filter({ has: this.page.getByText(name, { exact: true }) });
  }

  /** Relative luminance (0 black … 1 white) of the page background as the browser computed it. */
  async backgroundLuminance(): Promise<number> {
    const color = await this.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const [r = 0, g = 0, b = 0] = (color.match(/\d+(\.\d+)?/g) ?? []).map(Number);
    const linear = (c: number) => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  }

  /** Saves a full-page screenshot to `test-results/screenshots/<name>.png` and attaches it to the report. */
  async screenshot(testInfo: TestInfo, name: string) {
    const path = `${testInfo.project.outputDir}/screenshots/${name}.png`;
    await this.page.screenshot({ path, fullPage: true });
    await testInfo.attach(name, { path, contentType: 'image/png' });
  }
}
