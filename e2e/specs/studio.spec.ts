import { WorkflowSchema } from '@switchyard/shared';
import { expect, test } from '../fixtures/test.ts';
import { greetingWorkflow } from '../fixtures/workflows.ts';
import { EditorFlows, EditorPage } from '../pages/editor.page.ts';
import { StudioPage } from '../pages/studio.page.ts';

const unique = (base: string, retry: number) => (retry ? `${base} retry ${retry}` : base);

// One line each: Monaco auto-indents typed newlines.
const MAIN =
  "import { shout } from './lib/shout'; export default function main({ input }: { input: { name: string } }) { console.log('shouting', input.name); return { greeting: shout(input.name) }; }";
const HELPER_V2 = "export const shout = (s: string): string => s.toUpperCase() + '!';";
const HELPER_V3 = "export const shout = (s: string): string => s.toUpperCase() + '!!!';";

test('Sandbox Studio: create an agent, two files, a schema, a test run, two versions, a diff, publish, export; run it on the canvas', async ({
  page,
  request,
}, testInfo) => {
  test.setTimeout(150_000);
  const studio = new StudioPage(page);
  const name = unique('Shouter', testInfo.retry);
  await studio.create(name);

  // 1. Two files: a helper module and the entry that imports it.
  await studio.addFile('lib/shout.ts');
  await studio.write('lib/shout.ts', HELPER_V2);
  await studio.write('main.ts', MAIN);
  await expect(page.getByText('unsaved changes')).toBeVisible();

  // 2. A schema from the form: one required object field.
  const schema = await studio.tab('Schema');
  await schema.getByRole('button', { name: 'Add field' }).first().click();
  await schema.getByRole('textbox', { name: 'Input schema field 1 name' }).fill('input');
  await schema.getByRole('combobox', { name: 'Input schema field 1 type' }).selectOption('object');
  await schema.getByRole('button', { name: 'JSON' }).first().click();
  await expect(schema.getByRole('textbox', { name: 'Input schema JSON' })).toHaveValue(/"required": \[\s*"input"\s*\]/);

  // 3. A test run of the unsaved draft: output, logs, runtime; then input the schema refuses.
  const testPanel = await studio.tab('Test');
  const input = testPanel.getByRole('textbox', { name: 'Input (JSON)' });
  await input.fill('{"input": {"name": "ada"}}');
  await testPanel.getByRole('button', { name: 'Run test' }).click();
  const result = testPanel.getByTestId('test-result');
  await expect(result).toHaveAttribute('data-status', 'succeeded', { timeout: 30_000 });
  await expect(result.getByTestId('test-output')).toContainText('"greeting": "ADA!"');
  await expect(result.getByTestId('test-logs')).toContainText('shouting ada');
  await expect(result).toContainText(/on (wasm|node)/);
  await input.fill('{"input": "ada"}');
  await testPanel.getByRole('button', { name: 'Run test' }).click();
  await expect(result).toHaveAttribute('data-status', 'failed');
  await expect(result.getByRole('alert')).toContainText('invalid_input');

  // 4. Two saved versions.
  await studio.save('Shout helper', 2);
  await studio.write('lib/shout.ts', HELPER_V3);
  await studio.save('Louder', 3);

  // 5. History: v2 → v3 changed only the helper, shown in Monaco's diff.
  const history = await studio.tab('History');
  await expect(history.getByRole('row', { name: /v3.*Louder/ })).toBeVisible();
  await history.getByRole('button', { name: 'Compare v2 → v3' }).click();
  const diff = page.getByRole('dialog', { name: 'Version 2 → version 3' });
  await expect(diff.getByRole('list', { name: 'Changed files' })).toContainText(/changed\s*lib\/shout\.ts/);
  await expect(diff.getByRole('list', { name: 'Changed files' })).toContainText(/unchanged\s*main\.ts/);
  await expect(diff.locator('.monaco-diff-editor')).toBeVisible({ timeout: 20_000 });
  await expect(diff.locator('.monaco-diff-editor')).toContainText("'!!!'");
  await diff.getByRole('button', { name: 'Close' }).click();

  // 6. Publish, then export: the manifest of v3 and snippets naming the agent.
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Unpublish' })).toBeVisible();
  const exported = await studio.tab('Export');
  const manifest = exported.getByRole('region', { name: 'Tool manifest' });
  await expect(manifest).toContainText('"version": 3');
  await expect(manifest).toContainText('"required": [');
  await expect(exported.getByRole('region', { name: 'LangChain (@switchyard/tools)' })).toContainText("agent: 'shouter");
  await expect(exported.getByRole('region', { name: 'MCP client configuration' })).toContainText('/mcp');

  // 7. On the canvas: a code node runs the published agent (latest = v3) instead of its own code.
  const res = await request.post('/api/workflows', { data: greetingWorkflow(unique('Uses the shouter', testInfo.retry)) });
  const wf = WorkflowSchema.parse(await res.json());
  const editor = new EditorPage(page);
  const flows = new EditorFlows(editor);
  await editor.goto(wf.id);
  await editor.select('greet');
  await editor.inspector.getByRole('combobox', { name: 'Use a code agent' }).selectOption({ label: `${name} (${slugOf(name)})` });
  const inUse = editor.inspector.getByRole('region', { name: 'Code agent in use' });
  await expect(inUse.getByTestId('agent-version')).toHaveText('latest (v3)');
  await flows.saved();
  await flows.run({ name: 'ada' });
  await expect(flows.status('output')).toHaveAttribute('data-status', 'succeeded', { timeout: 30_000 });
  await expect(page.getByRole('log', { name: 'Run logs' })).toContainText('shouting ada');
  await editor.select('output');
  await expect(page.getByTestId('node-run-details').getByRole('region', { name: 'Output' })).toContainText('ADA!!!');
  await editor.screenshot(testInfo, 'agent-on-canvas');
});

function slugOf(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}
