import { code, edge, output, trigger } from '@switchyard/shared/fixtures';
import { QueryClient } from '@tanstack/react-query';
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { agentFixture, listItemFixture } from '../../../testing/code-agent-fixtures.ts';
import { configOf, renderInspector } from '../../../testing/render-inspector.tsx';
import { stubFetch } from '../../../testing/stub-fetch.ts';
import type { EditorDocument } from '../../store/editor-store.ts';

const SOURCE = 'export default async function main(inputs) { return inputs.input * 2; }';
const INPUT_SCHEMA = { type: 'object', properties: { input: { type: 'number' } } };

//   trigger ──► a ──► output      (a: inline code with a schema, a runtime, a policy)
const doc = (extra: Record<string, unknown> = {}): EditorDocument => ({
  workflowId: 'wf_1',
  name: 'Chain',
  version: 1,
  graph: {
    nodes: [
      trigger(),
      {
        ...code('a', SOURCE, { language: 'typescript', runtime: 'node', network: 'on', inputSchema: INPUT_SCHEMA, ...extra }),
        label: 'Double it',
      },
      output(),
    ],
    edges: [edge('trigger', 'a'), edge('a', 'output')],
  },
});

/** A real query client: requests go to the stubbed `fetch` (anything not stubbed is a 404). */
const client = () => new QueryClient({ defaultOptions: { queries: { retry: false } } });

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('Save as code agent', () => {
  it("creates version 1 from the node's code and config, rewires the node to it in one undo step", async () => {
    const seen = stubFetch({ 'POST /api/code-agents': { status: 201, body: agentFixture({ id: 'ca_new', name: 'Double it' }) } });
    const user = userEvent.setup();
    const store = renderInspector(doc(), client());
    act(() => store.getState().selectOnly(['a']));
    await user.click(screen.getByRole('button', { name: 'Save as code agent' }));
    const dialog = screen.getByRole('dialog', { name: 'Save as code agent' });
    // The node's label is the suggested name, and the slug follows it.
    expect((within(dialog).getByRole('textbox', { name: 'Name' }) as HTMLInputElement).value).toBe('Double it');
    expect((within(dialog).getByRole('textbox', { name: 'Slug' }) as HTMLInputElement).value).toBe('double-it');
    await user.type(within(dialog).getByRole('textbox', { name: 'Description' }), 'Doubles a number');
    await user.click(within(dialog).getByRole('button', { name: 'Save agent' }));

    await waitFor(() => expect(configOf(store, 'a')?.agent).toEqual({ agentId: 'ca_new', version: 1 }));
    expect(seen.find((r) => r.method === 'POST' && r.path === '/api/code-agents')?.body).toMatchObject({
      name: 'Double it',
      slug: 'double-it',
      description: 'Doubles a number',
      content: {
        language: 'typescript',
        entry: 'main.ts',
        files: [{ path: 'main.ts', content: SOURCE }],
        inputSchema: INPUT_SCHEMA,
        runtime: 'node',
        policy: { network: 'on', timeoutMs: 30_000, memoryMb: 256, filesystem: 'tmp' },
      },
    });
    // The schema moved into the version; the code stays, inert, for "Use inline code".
    expect(configOf(store, 'a')?.inputSchema).toBeUndefined();
    expect(configOf(store, 'a')?.code).toBe(SOURCE);
    expect(screen.queryByRole('dialog')).toBeNull();
    const panel = screen.getByRole('region', { name: 'Code agent in use' });
    expect(within(panel).getByRole('link', { name: 'Open in Studio' }).getAttribute('href')).toBe('/studio/ca_new');
    expect(within(panel).getByText('Double it')).toBeTruthy();
    expect(within(panel).getByTestId('agent-version').textContent).toBe('v1');
    // The inline code box is gone while the agent runs instead.
    expect(screen.queryByRole('textbox', { name: 'Code' })).toBeNull();

    act(() => store.getState().undo());
    expect(configOf(store, 'a')).toMatchObject({ code: SOURCE, inputSchema: INPUT_SCHEMA });
    expect(configOf(store, 'a')?.agent).toBeUndefined();
  });

  it('keeps the dialog open with a taken slug on the field, and leaves the node as it was', async () => {
    stubFetch({
      'POST /api/code-agents': { status: 409, body: { error: { code: 'slug_taken', message: 'the slug "double-it" is taken' } } },
    });
    const user = userEvent.setup();
    const store = renderInspector(doc(), client());
    act(() => store.getState().selectOnly(['a']));
    await user.click(screen.getByRole('button', { name: 'Save as code agent' }));
    const dialog = screen.getByRole('dialog', { name: 'Save as code agent' });
    await user.click(within(dialog).getByRole('button', { name: 'Save agent' }));
    const slug = within(dialog).getByRole('textbox', { name: 'Slug' });
    await waitFor(() => expect(slug.getAttribute('aria-invalid')).toBe('true'));
    expect(within(dialog).getByText('the slug "double-it" is taken')).toBeTruthy();
    expect(configOf(store, 'a')?.agent).toBeUndefined();
    expect(configOf(store, 'a')?.inputSchema).toEqual(INPUT_SCHEMA);
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('shows other refusals in the dialog too', async () => {
    stubFetch({
      'POST /api/code-agents': {
        status: 400,
        body: { error: { code: 'validation_failed', message: 'content.inputSchema: not a schema' } },
      },
    });
    const user = userEvent.setup();
    const store = renderInspector(doc(), client());
    act(() => store.getState().selectOnly(['a']));
    await user.click(screen.getByRole('button', { name: 'Save as code agent' }));
    const dialog = screen.getByRole('dialog', { name: 'Save as code agent' });
    await user.click(within(dialog).getByRole('button', { name: 'Save agent' }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain('not a schema');
  });
});

describe('a code node that runs an agent', () => {
  it("names the agent and version, links to Studio, and goes back to inline code with the version's code", async () => {
    const agent = agentFixture({ id: 'ca_7', name: 'Shout', slug: 'shout', latestVersion: 3 });
    const version = {
      ...agent.latest,
      version: 2,
      content: { ...agent.latest.content, files: [{ path: 'main.js', content: 'export default () => "v2";' }] },
    };
    stubFetch({
      'GET /api/code-agents/ca_7': { status: 200, body: agent },
      'GET /api/code-agents/ca_7/versions/2': { status: 200, body: version },
    });
    const user = userEvent.setup();
    const store = renderInspector(doc({ agent: { agentId: 'ca_7', version: 2 } }), client());
    act(() => store.getState().selectOnly(['a']));
    const panel = screen.getByRole('region', { name: 'Code agent in use' });
    expect(await within(panel).findByText('Shout')).toBeTruthy();
    expect(within(panel).getByTestId('agent-version').textContent).toBe('v2');
    expect(within(panel).getByRole('link', { name: 'Open in Studio' }).getAttribute('href')).toBe('/studio/ca_7');
    expect(screen.queryByRole('button', { name: 'Save as code agent' })).toBeNull();
    // Wait for the pinned version, whose code comes back inline.
    await waitFor(() => expect(store.getState().nodes.length).toBe(3));
    await new Promise((r) => setTimeout(r, 0));
    await user.click(within(panel).getByRole('button', { name: 'Use inline code' }));
    await waitFor(() => expect(configOf(store, 'a')?.agent).toBeUndefined());
    expect(configOf(store, 'a')).toMatchObject({ code: 'export default () => "v2";', language: 'javascript' });
    expect(configOf(store, 'a')?.inputSchema).toBeUndefined();
    expect(screen.getByRole('button', { name: 'Save as code agent' })).toBeTruthy();
  });

  it('is chosen from the registry (latest when published), and its version can be pinned', async () => {
    const agent = agentFixture({ id: 'ca_9', name: 'Shout', slug: 'shout', latestVersion: 2, published: true });
    stubFetch({
      'GET /api/code-agents': {
        status: 200,
        body: { agents: [listItemFixture({ id: 'ca_9', name: 'Shout', latestVersion: 2, published: true })] },
      },
      'GET /api/code-agents/ca_9': { status: 200, body: agent },
      'GET /api/code-agents/ca_9/versions/2': { status: 200, body: agent.latest },
    });
    const user = userEvent.setup();
    const store = renderInspector(doc(), client());
    act(() => store.getState().selectOnly(['a']));
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Use a code agent' }), 'ca_9');
    expect(configOf(store, 'a')?.agent).toEqual({ agentId: 'ca_9', version: 'latest' });
    expect(configOf(store, 'a')?.inputSchema).toBeUndefined();
    const panel = screen.getByRole('region', { name: 'Code agent in use' });
    await user.selectOptions(await within(panel).findByRole('combobox', { name: 'Agent version' }), '1');
    expect(configOf(store, 'a')?.agent).toEqual({ agentId: 'ca_9', version: 1 });
    expect(within(panel).getByTestId('agent-version').textContent).toBe('v1');
  });

  it('says so when the agent no longer exists', async () => {
    stubFetch({});
    const store = renderInspector(doc({ agent: { agentId: 'ca_gone', version: 1 } }), client());
    act(() => store.getState().selectOnly(['a']));
    expect(await screen.findByText(/does not exist/)).toBeTruthy();
  });

  it('offers nothing to change on a read-only document', () => {
    stubFetch({});
    const store = renderInspector({ ...doc(), readOnly: true }, client());
    act(() => store.getState().selectOnly(['a']));
    expect(screen.queryByRole('button', { name: 'Save as code agent' })).toBeNull();
  });
});
