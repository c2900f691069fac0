import type { WorkflowGraph } from '@switchyard/shared';
import { code, edge, output, trigger } from '@switchyard/shared/fixtures';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type SeenRequest, stubFetch } from '../../testing/stub-fetch.ts';
import { EditorStoreProvider } from '../store/EditorStoreProvider.tsx';
import { RunControls } from './RunControls.tsx';

const node = (id: string, type: string, config: Record<string, unknown>) => ({ id, type, position: { x: 0, y: 0 }, config });

//   trigger ──► a ──► output
//   hook ─────► b
//   tick          (a schedule, unconnected)
const graph = (withManual = true): WorkflowGraph => ({
  nodes: [
    ...(withManual ? [{ ...trigger(), config: { sampleInput: { n: 1 } } }] : []),
    node('hook', 'webhook', { path: 'orders', sampleInput: { body: { id: 7 } } }),
    node('tick', 'schedule', {}),
    code('a', 'export default () => 1'),
    code('b', 'export default () => 2'),
    output(),
  ],
  edges: [...(withManual ? [edge('trigger', 'a')] : []), edge('hook', 'b'), edge('a', 'output')],
});

let seen: SeenRequest[] = [];

function setup(g: WorkflowGraph) {
  render(
    <QueryClientProvider client={new QueryClient()}>
      <EditorStoreProvider initial={{ workflowId: 'wf_1', name: 'Triggers', version: 1, graph: g }}>
        <RunControls onRunStarted={() => {}} />
      </EditorStoreProvider>
    </QueryClientProvider>,
  );
}

const input = () => screen.getByLabelText(/Input \(JSON\)/) as HTMLTextAreaElement;
const picker = () => screen.getByLabelText('Trigger') as HTMLSelectElement;
const runs = () => seen.filter((r) => r.method === 'POST').map((r) => r.body);

beforeEach(() => {
  localStorage.clear();
  seen = stubFetch({ 'POST /api/workflows/wf_1/runs': { status: 202, body: { runId: 'run_1', workflowVersion: 1 } } });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('run dialog: which trigger starts the run', () => {
  it('defaults to the manual trigger; picking another loads its sample and starts from it', async () => {
    const user = userEvent.setup();
    setup(graph());
    await user.click(screen.getByRole('button', { name: /Run/ }));
    expect([...picker().options].map((o) => o.value)).toEqual(['trigger', 'hook', 'tick']);
    expect(picker().value).toBe('trigger');
    expect(JSON.parse(input().value)).toEqual({ n: 1 });

    await user.selectOptions(picker(), 'hook');
    expect(JSON.parse(input().value)).toEqual({ body: { id: 7 } });
    await user.click(screen.getByRole('button', { name: 'Start run' }));
    await waitFor(() => expect(runs()).toEqual([{ input: { body: { id: 7 } }, triggerNodeId: 'hook' }]));
  });

  it('defaults to the first trigger without a manual one, and remembers the input per trigger', async () => {
    const user = userEvent.setup();
    setup(graph(false));
    await user.click(screen.getByRole('button', { name: /Run/ }));
    expect(picker().value).toBe('hook');
    await user.selectOptions(picker(), 'tick');
    expect(input().value).toBe('{}');
    await user.clear(input());
    await user.type(input(), '{{"scheduledAt": "now"}');
    await user.click(screen.getByRole('button', { name: 'Start run' }));
    await waitFor(() => expect(runs()).toEqual([{ input: { scheduledAt: 'now' }, triggerNodeId: 'tick' }]));

    // The next time the editor opens this workflow.
    cleanup();
    setup(graph(false));
    await user.click(screen.getByRole('button', { name: /Run/ }));
    expect(JSON.parse(input().value)).toEqual({ body: { id: 7 } });
    await user.selectOptions(picker(), 'tick');
    expect(JSON.parse(input().value)).toEqual({ scheduledAt: 'now' });
  });

  it('offers no picker with one trigger, and the server takes that one', async () => {
    const user = userEvent.setup();
    setup({ nodes: [trigger(), output()], edges: [edge('trigger', 'output')] });
    await user.click(screen.getByRole('button', { name: /Run/ }));
    expect(screen.queryByLabelText('Trigger')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Start run' }));
    await waitFor(() => expect(runs()).toEqual([{ input: {} }]));
  });
});
