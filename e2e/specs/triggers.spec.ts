import { WorkflowSchema } from '@switchyard/shared';
import { expect, test } from '../fixtures/test.ts';
import { EditorFlows, EditorPage } from '../pages/editor.page.ts';

const unique = (base: string, retry: number) => (retry ? `${base} (retry ${retry})` : base);

test('builds trigger → if → two branches from the palette, runs it and shows the branch taken', async ({
  page,
  request,
}, testInfo) => {
  const res = await request.post('/api/workflows', {
    data: { name: unique('Branching', testInfo.retry), graph: { nodes: [], edges: [] } },
  });
  const wf = WorkflowSchema.parse(await res.json());
  const editor = new EditorPage(page);
  const flows = new EditorFlows(editor);
  await editor.goto(wf.id);

  //   trigger ──► if ─true──► output_1 (big)
  //                  └false─► output_2 (small)
  const start = await editor.dragFromPalette('trigger', { x: 40, y: 160 });
  const check = await editor.dragFromPalette('if', { x: 300, y: 160 });
  const big = await editor.dragFromPalette('output', { x: 600, y: 40 });
  const small = await editor.dragFromPalette('output', { x: 600, y: 300 });
  await editor.connect({ node: start, port: 'output' }, { node: check, port: 'input' });
  await editor.connect({ node: check, port: 'true' }, { node: big, port: 'input' });
  await editor.connect({ node: check, port: 'false' }, { node: small, port: 'input' });

  await editor.select(check);
  const conditions = editor.inspector.getByRole('group', { name: 'Conditions' });
  await conditions.getByRole('button', { name: '+ Add condition' }).click();
  await conditions.getByLabel('Condition 1 path').fill('n');
  await conditions.getByLabel('Condition 1 operator').selectOption({ label: 'greater than' });
  await conditions.getByLabel('Condition 1 value').fill('10');
  await expect(editor.node(check).locator('.wf-node-tag')).toHaveText('n > 10');
  await expect(editor.problems).toContainText('No problems');
  await flows.saved();

  await flows.run({ n: 42 });
  await expect(flows.status(big)).toHaveAttribute('data-status', 'succeeded', { timeout: 20_000 });
  await expect(flows.status(small)).toHaveAttribute('data-status', 'skipped');
  await expect(flows.status(small)).toHaveAttribute('data-skip', 'branch_not_taken');
  await expect(editor.node(small)).toContainText('not taken');
  await expect(editor.edge(check, big)).toHaveClass(/edge-taken/);
  await expect(editor.edge(check, small)).toHaveClass(/edge-untaken/);
  await editor.screenshot(testInfo, 'branch-taken');

  await flows.run({ n: 3 });
  await expect(flows.status(small)).toHaveAttribute('data-status', 'succeeded', { timeout: 20_000 });
  await expect(flows.status(big)).toHaveAttribute('data-skip', 'branch_not_taken');
});

test('adds a webhook trigger, copies its URL, calls it and watches the run appear', async ({
  page,
  context,
  request,
}, testInfo) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const res = await request.post('/api/workflows', {
    data: { name: unique('Webhook', testInfo.retry), graph: { nodes: [], edges: [] } },
  });
  const wf = WorkflowSchema.parse(await res.json());
  const editor = new EditorPage(page);
  const flows = new EditorFlows(editor);
  await editor.goto(wf.id);

  const hook = await editor.dragFromPalette('webhook', { x: 60, y: 120 });
  const out = await editor.dragFromPalette('output', { x: 380, y: 120 });
  await editor.connect({ node: hook, port: 'output' }, { node: out, port: 'input' });
  await editor.select(hook);
  const panel = editor.inspector.getByRole('region', { name: 'Webhook URL' });
  await flows.saved();
  await expect(panel).toContainText('Live', { timeout: 15_000 });

  await panel.getByRole('button', { name: 'Copy webhook URL' }).click();
  const url = await page.evaluate(() => navigator.clipboard.readText());
  expect(url).toMatch(/\/webhooks\/hook-[a-z0-9]+$/);
  await editor.screenshot(testInfo, 'webhook-panel');

  // Called from outside, without a session: the run appears in the panel, and opens live on the canvas.
  const called = await page.request.fetch(url, {
    method: 'POST',
    data: { order: 17 },
    headers: { cookie: '' },
  });
  expect(called.status()).toBe(202);
  const { runId } = (await called.json()) as { runId: string };
  const opened = panel
    .getByRole('button', { name: `Open run ${runId}` })
    .or(panel.getByRole('link', { name: `Open run ${runId}` }));
  await expect(opened).toBeVisible({ timeout: 15_000 });
  await opened.click();
  await expect(flows.status(out)).toHaveAttribute('data-status', 'succeeded', { timeout: 20_000 });
  await editor.screenshot(testInfo, 'webhook-run');
});

test('opens a workflow spread over 5,000 px on its trigger, never on empty canvas', async ({ page, request }, testInfo) => {
  // trigger at the far left, a chain of code nodes every 500 px, the output 5,000 px away.
  const nodes = [
    { id: 'trigger', type: 'trigger', position: { x: 0, y: 0 }, config: {} },
    ...Array.from({ length: 9 }, (_, i) => ({
      id: `step${i + 1}`,
      type: 'code',
      position: { x: 500 * (i + 1), y: (i % 2) * 600 },
      config: { code: 'export default function main({ input }) { return input; }' },
    })),
    { id: 'output', type: 'output', position: { x: 5_000, y: 0 }, config: {} },
  ];
  const ids = nodes.map((n) => n.id);
  const edges = ids.slice(1).map((target, i) => ({
    id: `e${i}`,
    source: ids[i] as string,
    sourceHandle: 'output',
    target,
    targetHandle: 'input',
  }));
  const res = await request.post('/api/workflows', {
    data: { name: unique('Spread out', testInfo.retry), graph: { nodes, edges } },
  });
  const wf = WorkflowSchema.parse(await res.json());
  const editor = new EditorPage(page);
  await editor.goto(wf.id);
  await expect(editor.node('trigger')).toBeInViewport();
  await expect(editor.node('step1')).toBeInViewport();
  await editor.screenshot(testInfo, 'spread-out-opening');
});
