import { WorkflowSchema } from '@switchyard/shared';
import { expect, test } from '../fixtures/test.ts';
import { greetingWorkflow } from '../fixtures/workflows.ts';
import { EditorFlows, EditorPage } from '../pages/editor.page.ts';

const unique = (base: string, retry: number) => (retry ? `${base} (retry ${retry})` : base);

// One line: Monaco auto-indents typed newlines, which would make the stored text differ from this.
const GREETER =
  "export default async function main({ input }, ctx) { console.log('hello from', input.name); await new Promise((r) => setTimeout(r, 1500)); return { greeting: 'Hello, ' + input.name + '!' }; }";

test('build trigger → code → output from the palette, write code in Monaco, run it and watch it live', async ({
  page,
  request,
}, testInfo) => {
  test.setTimeout(90_000);
  const res = await request.post('/api/workflows', {
    data: { name: unique('Built in the browser', testInfo.retry), graph: { nodes: [], edges: [] } },
  });
  const wf = WorkflowSchema.parse(await res.json());
  const editor = new EditorPage(page);
  const flows = new EditorFlows(editor);
  await editor.goto(wf.id);

  // 1. Three nodes from the palette, two connections by dragging handles.
  const start = await editor.dragFromPalette('trigger', { x: 40, y: 60 });
  const greet = await editor.dragFromPalette('code', { x: 280, y: 180 });
  const end = await editor.dragFromPalette('output', { x: 520, y: 60 });
  await editor.connect({ node: start, port: 'output' }, { node: greet, port: 'input' });
  await editor.connect({ node: greet, port: 'output' }, { node: end, port: 'input' });
  await expect(editor.problems).toContainText('No problems');

  // 2. Code typed into Monaco reaches the document.
  await editor.select(greet);
  await flows.typeCode(GREETER);
  await expect.poll(async () => (await editor.graph()).nodes.find((n) => n.id === greet)?.config.code).toBe(GREETER);
  await editor.screenshot(testInfo, 'editor-built');

  // 3. Run: live statuses while the code sleeps, then the log line and the output.
  await flows.run({ name: 'Ada' });
  await expect(flows.status(greet)).toHaveAttribute('data-status', 'running');
  await expect(editor.node(greet).getByTestId('node-status')).toContainText('running');
  await editor.screenshot(testInfo, 'run-live');
  await expect(flows.status(greet)).toHaveAttribute('data-status', 'succeeded', { timeout: 20_000 });
  await expect(flows.status(end)).toHaveAttribute('data-status', 'succeeded');
  await expect(editor.node(greet).getByTestId('node-status')).toContainText(/succeeded\s*\d/);
  await expect(page.getByRole('log', { name: 'Run logs' })).toContainText('hello from Ada');

  await editor.select(end);
  const details = page.getByTestId('node-run-details');
  await expect(details.getByRole('region', { name: 'Output' })).toContainText('Hello, Ada!');
  await editor.screenshot(testInfo, 'run-finished');

  // 4. A reload shows the same saved workflow.
  await flows.saved();
  await page.reload();
  await expect(editor.node(greet)).toBeVisible();
  expect((await editor.graph()).nodes.find((n) => n.id === greet)?.config.code).toBe(GREETER);
  expect((await editor.graph()).edges).toHaveLength(2);
});

test('an invalid config shows the error on the node and in problems, and blocks running', async ({ page, request }, testInfo) => {
  const res = await request.post('/api/workflows', { data: greetingWorkflow(unique('Invalid config', testInfo.retry)) });
  const wf = WorkflowSchema.parse(await res.json());
  const editor = new EditorPage(page);
  await editor.goto(wf.id);
  const run = page.getByRole('button', { name: 'Run', exact: true });
  await expect(run).toBeEnabled();

  await editor.select('greet');
  // Before running, the inspector says where the node will run and how isolated it is.
  await expect(editor.inspector.getByTestId('runtime-decision')).toContainText(/Runs on (wasm|node)\s*(sandbox|process)/);
  await editor.inspector.getByLabel('Timeout (ms)').fill('5');
  const badge = editor.node('greet').getByTestId('node-problem');
  await expect(badge).toContainText('timeoutMs');
  await expect(editor.problems).toContainText('invalid_config');
  await expect(run).toBeDisabled();
  await editor.screenshot(testInfo, 'invalid-config');

  // Clicking the problem focuses its node; fixing the value unblocks the run.
  await editor.problems.getByRole('button', { name: /timeoutMs/ }).click();
  await editor.inspector.getByLabel('Timeout (ms)').fill('5000');
  await expect(badge).toHaveCount(0);
  await expect(run).toBeEnabled();
});

test('restores an older version as a new version', async ({ page, request }, testInfo) => {
  const res = await request.post('/api/workflows', { data: greetingWorkflow(unique('Restore me', testInfo.retry)) });
  const wf = WorkflowSchema.parse(await res.json());
  // Version 2 renames the code node's label.
  const v2 = { ...wf.graph, nodes: wf.graph.nodes.map((n) => (n.id === 'greet' ? { ...n, label: 'Greeter v2' } : n)) };
  expect((await request.put(`/api/workflows/${wf.id}`, { data: { graph: v2 } })).status()).toBe(200);

  const editor = new EditorPage(page);
  await editor.goto(wf.id);
  await expect(editor.node('greet')).toContainText('Greeter v2');
  await page.getByRole('button', { name: 'History' }).click();
  await page.getByRole('button', { name: 'Restore version 1' }).click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /Restore/ })
    .click();
  await expect(editor.node('greet')).not.toContainText('Greeter v2');
  await expect.poll(async () => (await (await request.get(`/api/workflows/${wf.id}`)).json()).version).toBe(3);
  const latest = WorkflowSchema.parse(await (await request.get(`/api/workflows/${wf.id}`)).json());
  expect(latest.graph.nodes.find((n) => n.id === 'greet')?.label).toBeUndefined();
  await editor.screenshot(testInfo, 'version-restored');
});

test('opens a past run from the run history on the version it ran, with statuses, output and logs', async ({
  page,
  request,
}, testInfo) => {
  const res = await request.post('/api/workflows', { data: greetingWorkflow(unique('Run history', testInfo.retry)) });
  const wf = WorkflowSchema.parse(await res.json());
  const started = await request.post(`/api/workflows/${wf.id}/runs`, { data: { input: { name: 'Grace' } } });
  const { runId } = (await started.json()) as { runId: string };
  await expect
    .poll(async () => ((await (await request.get(`/api/runs/${runId}`)).json()) as { status: string }).status, {
      timeout: 20_000,
    })
    .toBe('succeeded');
  // The workflow moves on to version 2 (the code node renamed); the past run still shows version 1.
  const v2 = { ...wf.graph, nodes: wf.graph.nodes.map((n) => (n.id === 'greet' ? { ...n, label: 'Renamed later' } : n)) };
  expect((await request.put(`/api/workflows/${wf.id}`, { data: { graph: v2 } })).status()).toBe(200);

  const editor = new EditorPage(page);
  await editor.goto(wf.id);
  await expect(editor.node('greet')).toContainText('Renamed later');
  await page.getByRole('button', { name: 'Runs' }).click();
  await page.locator(`a[href$="/runs/${runId}"]`).click();
  await expect(page).toHaveURL(new RegExp(`/workflows/${wf.id}/runs/${runId}$`));
  await expect(page.getByRole('region', { name: 'Read-only view' })).toContainText('version 1');
  await expect(editor.node('greet')).not.toContainText('Renamed later');
  await expect(editor.node('greet').locator('.wf-node')).toHaveAttribute('data-status', 'succeeded');
  await editor.select('greet');
  // The router's decision for the code node: which runtime, how isolated, and why.
  await expect(page.getByTestId('node-runtime')).toContainText(/(wasm|node).*(sandbox|process)/);
  await expect(page.getByTestId('node-runtime')).toContainText(/(wasm|node): (pure )?JavaScript/);
  await editor.select('output');
  await expect(page.getByTestId('node-run-details').getByRole('region', { name: 'Output' })).toContainText('Hello, Grace!');
  await editor.screenshot(testInfo, 'past-run');
});

test('a failing node shows its error on the node and in the run panel, stderr apart from stdout', async ({
  page,
  request,
}, testInfo) => {
  const failing = {
    name: unique('Failing node', testInfo.retry),
    graph: {
      nodes: [
        { id: 'trigger', type: 'trigger', position: { x: 0, y: 0 }, config: {} },
        {
          id: 'boom',
          type: 'code',
          position: { x: 300, y: 0 },
          config: {
            code: "export default function main() { console.log('about to fail'); console.error('disk on fire'); throw new Error('no more disk'); }",
          },
        },
        { id: 'output', type: 'output', position: { x: 600, y: 0 }, config: {} },
      ],
      edges: [
        { id: 'e1', source: 'trigger', sourceHandle: 'output', target: 'boom', targetHandle: 'input' },
        { id: 'e2', source: 'boom', sourceHandle: 'output', target: 'output', targetHandle: 'input' },
      ],
    },
  };
  const wf = WorkflowSchema.parse(await (await request.post('/api/workflows', { data: failing })).json());
  const editor = new EditorPage(page);
  const flows = new EditorFlows(editor);
  await editor.goto(wf.id);
  await flows.run({});
  await expect(flows.status('boom')).toHaveAttribute('data-status', 'failed', { timeout: 20_000 });
  await expect(editor.node('boom').getByTestId('node-run-error')).toContainText('no more disk');
  await expect(flows.status('output')).toHaveAttribute('data-status', /skipped|cancelled/);
  const panel = page.getByRole('region', { name: 'Problems and logs' });
  await expect(panel.getByRole('list', { name: 'Failed nodes' })).toContainText('no more disk');
  const log = page.getByRole('log', { name: 'Run logs' });
  await expect(log.locator('[data-stream="stderr"]')).toContainText('disk on fire');
  await expect(log.locator('[data-stream="stdout"]')).toContainText('about to fail');
  await editor.screenshot(testInfo, 'run-failed');
});

test.describe('with the system in dark mode', () => {
  test.use({ colorScheme: 'dark' });

  test('the editor renders dark', async ({ page, request }, testInfo) => {
    const res = await request.post('/api/workflows', { data: greetingWorkflow(unique('Dark editor', testInfo.retry)) });
    const wf = WorkflowSchema.parse(await res.json());
    const editor = new EditorPage(page);
    await editor.goto(wf.id);
    await editor.select('greet');
    await expect(editor.inspector.locator('.monaco-editor')).toBeVisible({ timeout: 20_000 });
    const luminance = async (selector: string) =>
      page
        .locator(selector)
        .first()
        .evaluate((el) => {
          const [r = 0, g = 0, b = 0] = (getComputedStyle(el).backgroundColor.match(/\d+(\.\d+)?/g) ?? []).map(Number);
          return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
        });
    expect(await luminance('body')).toBeLessThan(0.2);
    expect(await luminance('.wf-node')).toBeLessThan(0.2);
    expect(await luminance('.monaco-editor .monaco-editor-background')).toBeLessThan(0.2);
    await editor.screenshot(testInfo, 'editor-dark');

    // The toggle overrides the system: system → light, remembered across a reload.
    await page.getByRole('button', { name: 'Theme: system' }).click();
    await expect(page.getByRole('button', { name: 'Theme: light' })).toBeVisible();
    await expect.poll(() => luminance('body')).toBeGreaterThan(0.8);
    await page.reload();
    await expect(editor.node('greet')).toBeVisible();
    expect(await luminance('.wf-node')).toBeGreaterThan(0.8);
  });
});
