import { expect, test } from '../fixtures/test.ts';

test('the runtime dashboard shows isolation, availability and recent executions per runtime', async ({
  page,
  request,
}, testInfo) => {
  // Two executions on the node runtime: one succeeds, one fails.
  for (const code of ['export default () => 1', 'export default () => { throw new Error("no") }'])
    expect((await request.post('/api/code/execute', { data: { language: 'javascript', code, runtime: 'node' } })).status()).toBe(
      200,
    );

  await page.goto('/');
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Runtimes' }).click();
  await expect(page).toHaveURL(/\/runtimes$/);
  const node = page.locator('.runtime-card[data-runtime="node"]');
  await expect(node).toContainText(/sandbox|process/);
  await expect(node).toContainText(/javascript, typescript/);
  await expect.poll(async () => Number(await node.getByTestId('executions').textContent())).toBeGreaterThanOrEqual(2);
  await expect(node.getByRole('img', { name: /p50 .* ms, p95 .* ms/ })).toBeVisible();
  // E2B needs an API key; the card says what to set.
  await expect(page.locator('.runtime-card[data-runtime="e2b"]')).toContainText('E2B_API_KEY');
  const path = `${testInfo.project.outputDir}/screenshots/runtimes.png`;
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach('runtimes', { path, contentType: 'image/png' });
});
