import { WorkflowSchema } from '@switchyard/shared';
import { expect, test } from '../fixtures/test.ts';
import { greetingWorkflow } from '../fixtures/workflows.ts';
import { HomePage } from '../pages/home.page.ts';

test('reports server health with the database it uses', async ({ page }) => {
  const home = new HomePage(page);
  await home.goto();
  // The suite's server runs on a fresh embedded PGlite (see playwright.config.ts).
  await expect(home.health).toHaveText(/PGlite · \d+\.\d ms/);
  await expect(home.palette.getByRole('region', { name: 'Triggers' })).toContainText('Manual trigger');
  await expect(home.palette.getByRole('region', { name: 'Code' })).toContainText('Code');
});

test('lists a workflow created through the API', async ({ page, request }, testInfo) => {
  const home = new HomePage(page);
  await home.goto();
  const name = testInfo.retry ? `Greet a visitor (retry ${testInfo.retry})` : 'Greet a visitor';
  await expect(home.workflow(name)).toHaveCount(0);

  const response = await request.post('/api/workflows', { data: greetingWorkflow(name) });
  expect(response.status()).toBe(201);
  const created = WorkflowSchema.parse(await response.json());

  await page.reload();
  const row = home.workflow(name);
  await expect(row).toBeVisible();
  await expect(row).toContainText(`v${created.version}`);
  await expect(row).toContainText('3 nodes');
  await expect(row).toContainText('just now');
  await home.screenshot(testInfo, 'home-light');
  expect(await home.backgroundLuminance()).toBeGreaterThan(0.8);
});

test('creates, renames, duplicates, searches and deletes workflows', async ({ page }, testInfo) => {
  const home = new HomePage(page);
  const name = `Enrich signups ${testInfo.retry}-${Date.now()}`;
  await home.goto();

  // Create opens the new workflow in the editor, starting from trigger → code → output.
  await home.create(name);
  await expect(page).toHaveURL(/\/workflows\/[^/]+$/);
  await expect(page.getByRole('textbox', { name: 'Workflow name' })).toHaveValue(name);
  await expect(page.getByRole('status').filter({ hasText: 'Saved v1' })).toBeVisible();

  await home.goto();
  await expect(home.workflow(name)).toContainText('3 nodes');
  const renamed = `${name} (renamed)`;
  await home.rename(name, renamed);
  await expect(home.workflow(renamed)).toBeVisible();
  await expect(home.workflow(renamed)).toContainText('v1');

  await home.duplicate(renamed);
  const copy = `Copy of ${renamed}`;
  await expect(home.workflow(copy)).toContainText('3 nodes');

  // Search is by name on the server; only the copy matches "Copy of <name>".
  await home.search.fill(`Copy of ${name}`);
  await expect(home.workflows.getByRole('listitem')).toHaveCount(1);
  await home.search.fill('no workflow is called this');
  await expect(home.workflows.getByText('No workflows match')).toBeVisible();
  await home.search.fill('');

  await home.delete(copy);
  await expect(home.workflow(copy)).toHaveCount(0);
  await page.reload();
  await expect(home.workflow(renamed)).toBeVisible();
  await expect(home.workflow(copy)).toHaveCount(0);
});

test.describe('with the system in dark mode', () => {
  test.use({ colorScheme: 'dark' });

  test('renders the dark theme', async ({ page }, testInfo) => {
    const home = new HomePage(page);
    await home.goto();
    await expect(home.health).toContainText('PGlite');
    expect(await home.backgroundLuminance()).toBeLessThan(0.05);
    await home.screenshot(testInfo, 'home-dark');
  });
});
