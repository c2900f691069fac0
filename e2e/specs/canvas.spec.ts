import { defaultRegistry, resolvePorts, WorkflowSchema } from '@switchyard/shared';
import { estimateGeometry } from '../../web/src/editor/store/node-geometry.ts';
import { expect, test } from '../fixtures/test.ts';
import { typedPortsWorkflow } from '../fixtures/workflows.ts';
import { EditorPage } from '../pages/editor.page.ts';

const unique = (base: string, retry: number) => (retry ? `${base} (retry ${retry})` : base);

test('refuses a number output into a string input and says why; undo takes a connection back', async ({
  page,
  request,
}, testInfo) => {
  const res = await request.post('/api/workflows', { data: typedPortsWorkflow(unique('Typed ports', testInfo.retry)) });
  const wf = WorkflowSchema.parse(await res.json());
  const editor = new EditorPage(page);
  await editor.goto(wf.id);
  await expect(editor.problems).toContainText('input port `text` is not connected');

  // 1. number → string: the drop is refused with the reason, no edge appears.
  await editor.connect({ node: 'count', port: 'count' }, { node: 'shout', port: 'text' });
  await expect(editor.toast).toContainText('`count` is number but `text` expects string');
  await editor.screenshot(testInfo, 'canvas-type-refused');
  expect((await editor.graph()).edges.filter((e) => e.target === 'shout')).toHaveLength(0);

  // 2. A compatible connection is accepted: trigger (any) → shout.text.
  await editor.connect({ node: 'trigger', port: 'output' }, { node: 'shout', port: 'text' });
  await expect(editor.edge('trigger', 'shout')).toHaveCount(1);
  await expect(editor.problems).toContainText('No problems');

  // 3. Undo takes the connection back.
  await editor.page.keyboard.press('Control+z');
  await expect(editor.edge('trigger', 'shout')).toHaveCount(0);
});

test('builds a chain from the palette, connects handles, and refuses a cycle', async ({ page, request }, testInfo) => {
  const res = await request.post('/api/workflows', {
    data: { name: unique('Palette build', testInfo.retry), graph: { nodes: [], edges: [] } },
  });
  const wf = WorkflowSchema.parse(await res.json());
  const editor = new EditorPage(page);
  await editor.goto(wf.id);

  const start = await editor.dragFromPalette('trigger', { x: 40, y: 60 });
  const first = await editor.dragFromPalette('code', { x: 280, y: 180 });
  const second = await editor.dragFromPalette('code', { x: 520, y: 60 });
  expect([start, first, second]).toEqual(['trigger_1', 'code_1', 'code_2']);

  await editor.connect({ node: start, port: 'output' }, { node: first, port: 'input' });
  await editor.connect({ node: first, port: 'output' }, { node: second, port: 'input' });
  await expect(editor.edge(first, second)).toHaveCount(1);

  // second → first closes a cycle: refused while dragging and on drop.
  await editor.connect({ node: second, port: 'output' }, { node: first, port: 'input' });
  await expect(editor.toast).toContainText('cycle');
  expect((await editor.graph()).edges.map((e) => `${e.source}->${e.target}`)).toEqual([
    `${start}->${first}`,
    `${first}->${second}`,
  ]);

  // A second trigger is refused: a workflow has one.
  await editor.palette.locator('[data-node-type="trigger"]').click();
  await expect(editor.toast).toContainText('only one');
  await editor.screenshot(testInfo, 'canvas-built-from-palette');
});

test('undo, redo, copy, paste, duplicate and delete from the keyboard', async ({ page, request }, testInfo) => {
  const res = await request.post('/api/workflows', { data: typedPortsWorkflow(unique('Keyboard editing', testInfo.retry)) });
  const wf = WorkflowSchema.parse(await res.json());
  const editor = new EditorPage(page);
  await editor.goto(wf.id);

  await editor.select('count');
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  await expect(editor.node('code_1')).toBeVisible();
  await page.keyboard.press('Control+d');
  await expect(editor.node('code_2')).toBeVisible();
  await page.keyboard.press('Delete');
  await expect(editor.node('code_2')).toHaveCount(0);
  await page.keyboard.press('Control+z');
  await expect(editor.node('code_2')).toBeVisible();
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+z');
  await expect(editor.node('code_1')).toHaveCount(0);
  await page.keyboard.press('Control+Shift+z');
  await expect(editor.node('code_1')).toBeVisible();

  // Deleting a node takes its edges along; undo brings both back.
  await editor.select('count');
  await page.keyboard.press('Delete');
  expect((await editor.graph()).edges.some((e) => e.target === 'count')).toBe(false);
  await page.keyboard.press('Control+z');
  expect((await editor.graph()).edges.some((e) => e.target === 'count')).toBe(true);

  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toHaveCount(0);
});

test('port lists edited in the inspector redraw the handles, and a renamed port keeps its edge', async ({
  page,
  request,
}, testInfo) => {
  const res = await request.post('/api/workflows', { data: typedPortsWorkflow(unique('Port editing', testInfo.retry)) });
  const wf = WorkflowSchema.parse(await res.json());
  const editor = new EditorPage(page);
  await editor.goto(wf.id);
  await editor.select('shout');

  const inputs = editor.inspector.getByRole('group', { name: 'Input ports' });
  await inputs.getByRole('textbox', { name: 'Port name' }).fill('words');
  await inputs.getByRole('textbox', { name: 'Port name' }).press('Enter');
  await expect(editor.handle('shout', 'words', 'target')).toBeVisible();
  await expect(editor.handle('shout', 'text', 'target')).toHaveCount(0);

  await editor.inspector.getByRole('button', { name: '+ Add input' }).click();
  await expect(editor.node('shout').locator('.port-in')).toHaveCount(2);

  // The output edge of `shout` survives a rename of its output port.
  const outputs = editor.inspector.getByRole('group', { name: 'Output ports' });
  await outputs.getByRole('textbox', { name: 'Port name' }).fill('loud');
  await outputs.getByRole('textbox', { name: 'Port name' }).press('Enter');
  await expect(editor.handle('shout', 'loud', 'source')).toBeVisible();
  expect((await editor.graph()).edges.filter((e) => e.source === 'shout')).toHaveLength(1);
  await expect(editor.edge('shout', 'output')).toHaveCount(1);
  await editor.screenshot(testInfo, 'ports-edited');
});

test('nodes are where the pre-measurement geometry says (off-screen nodes of big workflows rely on it)', async ({
  page,
  request,
}, testInfo) => {
  const res = await request.post('/api/workflows', { data: typedPortsWorkflow(unique('Geometry', testInfo.retry)) });
  const wf = WorkflowSchema.parse(await res.json());
  // A third node with three inputs and two outputs, so several rows are checked.
  const graph = {
    ...wf.graph,
    nodes: [
      ...wf.graph.nodes,
      {
        id: 'wide',
        type: 'code',
        position: { x: 300, y: 300 },
        config: { inputs: ['a', 'b', { name: 'c', type: 'number', required: false }], outputs: ['x', 'y'] },
      },
    ],
  };
  expect((await request.put(`/api/workflows/${wf.id}`, { data: { graph } })).status()).toBe(200);
  const editor = new EditorPage(page);
  await editor.goto(wf.id);
  await expect(editor.node('wide')).toBeVisible();

  const measured = await page.evaluate(() => {
    const zoom = Number(
      /scale\(([\d.]+)\)/.exec((document.querySelector('.react-flow__viewport') as HTMLElement).style.transform)?.[1],
    );
    return [...document.querySelectorAll<HTMLElement>('.react-flow__node')].map((n) => {
      const r = n.getBoundingClientRect();
      const handles = [...n.querySelectorAll<HTMLElement>('.react-flow__handle')].map((h) => {
        const b = h.getBoundingClientRect();
        return { id: h.dataset.handleid, x: (b.left - r.left) / zoom, y: (b.top - r.top) / zoom, width: b.width / zoom };
      });
      return { id: n.dataset.id as string, width: r.width / zoom, handles };
    });
  });
  for (const node of graph.nodes) {
    const estimate = estimateGeometry(resolvePorts(defaultRegistry[node.type], node.config ?? {}));
    const actual = measured.find((m) => m.id === node.id);
    expect(actual?.width).toBeCloseTo(estimate.width, 0);
    const byId = new Map(actual?.handles.map((h) => [h.id, h]));
    for (const h of estimate.handles) {
      expect({ node: node.id, handle: h.id, x: byId.get(h.id ?? '')?.x }).toEqual({
        node: node.id,
        handle: h.id,
        x: expect.closeTo(h.x, 0),
      });
      expect({ node: node.id, handle: h.id, y: byId.get(h.id ?? '')?.y }).toEqual({
        node: node.id,
        handle: h.id,
        y: expect.closeTo(h.y, 0),
      });
    }
  }
});
