import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';

/** The workflow editor at `/workflows/:id`: palette, canvas, inspector, problems and logs. */
export class EditorPage {
  readonly canvas: Locator;
  readonly palette: Locator;
  readonly inspector: Locator;
  readonly problems: Locator;
  readonly toast: Locator;

  constructor(readonly page: Page) {
    this.canvas = page.getByRole('main').locator('.react-flow');
    this.palette = page.getByRole('navigation', { name: 'Node palette' });
    this.inspector = page.getByRole('complementary', { name: 'Node details' });
    this.problems = page.getByRole('region', { name: 'Problems and logs' });
    this.toast = page.getByRole('status').filter({ hasText: /refused|only one/ });
  }

  async goto(workflowId: string) {
    await this.page.goto(`/workflows/${workflowId}`);
    await expect(this.canvas).toBeVisible();
  }

  /** The canvas node with this id. */
  node(id: string): Locator {
    return this.page.locator(`.react-flow__node[data-id="${id}"]`);
  }

  nodeIds(): Promise<string[]> {
    return this.page.locator('.react-flow__node').evaluateAll((els) => els.map((e) => e.getAttribute('data-id') ?? ''));
  }

  handle(nodeId: string, port: string, kind: 'source' | 'target'): Locator {
    return this.page.locator(`.react-flow__handle.${kind}[data-nodeid="${nodeId}"][data-handleid="${port}"]`);
  }

  /** Drags a palette entry onto the canvas at `at` (pixels from the canvas's top-left); returns the new node's id. */
  async dragFromPalette(type: string, at: { x: number; y: number }): Promise<string> {
    const before = new Set(await this.nodeIds());
    await this.palette
      .locator(`[data-node-type="${type}"]`)
      .dragTo(this.page.locator('.react-flow__pane'), { targetPosition: at });
    await expect.poll(async () => (await this.nodeIds()).length).toBe(before.size + 1);
    return (await this.nodeIds()).find((id) => !before.has(id)) as string;
  }

  /** Drags from an output handle to an input handle with real mouse moves, as a user connects ports. */
  async connect(from: { node: string; port: string }, to: { node: string; port: string }) {
    const source = await this.handle(from.node, from.port, 'source').boundingBox();
    const target = await this.handle(to.node, to.port, 'target').boundingBox();
    if (!source || !target) throw new Error('handle not on screen');
    await this.page.mouse.move(source.x + source.width / 2, source.y + source.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 12 });
    await this.page.mouse.up();
  }

  edge(source: string, target: string): Locator {
    return this.page.locator(`.react-flow__edge[data-id^="${source}."][data-id*="--${target}."]`);
  }

  /** The document the editor holds, as it would be saved. */
  graph(): Promise<{
    nodes: { id: string; type: string; config: Record<string, unknown> }[];
    edges: { source: string; target: string }[];
  }> {
    return this.page.evaluate(() => {
      const editor = (window as unknown as { __switchyardEditor: { getState(): { graph(): unknown } } }).__switchyardEditor;
      return editor.getState().graph() as never;
    });
  }

  async select(nodeId: string) {
    await this.node(nodeId).locator('.wf-node-head').click();
    await expect(this.node(nodeId)).toHaveClass(/selected/);
  }

  async screenshot(testInfo: TestInfo, name: string) {
    const path = `${testInfo.project.outputDir}/screenshots/${name}.png`;
    await this.page.screenshot({ path });
    await testInfo.attach(name, { path, contentType: 'image/png' });
  }
}

/** Actions that span panels: code in Monaco, runs, versions. */
export class EditorFlows {
  constructor(readonly editor: EditorPage) {}

  /** Replaces the selected code node's code through Monaco, as typed text (no auto-closing brackets). */
  async typeCode(source: string) {
    const { page } = this.editor;
    const code = this.editor.inspector.getByRole('textbox', { name: 'Code', exact: true });
    await expect(code).toBeAttached({ timeout: 20_000 });
    await this.editor.inspector.locator('.monaco-editor').first().click();
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(source);
  }

  /** Opens the run dialog, enters `input` as JSON and starts the run. */
  async run(input: unknown) {
    const { page } = this.editor;
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Run workflow' });
    await dialog.getByRole('textbox').fill(JSON.stringify(input));
    await dialog.getByRole('button', { name: 'Start run' }).click();
    await expect(dialog).toHaveCount(0);
  }

  status(nodeId: string): Locator {
    return this.editor.node(nodeId).locator('.wf-node');
  }

  /** Waits until the document on screen is saved (autosave or explicit). */
  async saved() {
    await expect(this.editor.page.getByRole('status').filter({ hasText: /^Saved v\d+/ })).toBeVisible({ timeout: 15_000 });
  }
}
