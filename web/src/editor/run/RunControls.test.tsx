import type { WorkflowGraph } from '@switchyard/shared';
import { code, edge, output, trigger } from '@switchyard/shared/fixtures';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { workflowKey } from '../../api/workflows.queries.ts';
import { EditorStoreProvider, useEditorApi } from '../store/EditorStoreProvider.tsx';
import type { EditorStore } from '../store/editor-store.ts';
import { RunControls } from './RunControls.tsx';
import { rememberInput } from './run-input.ts';

//   trigger ──► a ──► output
const graph = (sampleInput?: unknown): WorkflowGraph => ({
  nodes: [
    { ...trigger(), config: sampleInput === undefined ? {} : { sampleInput } },
    code('a', 'export default () => 1'),
    output(),
  ],
  edges: [edge('trigger', 'a'), edge('a', 'output')],
});

interface Reply {
  status: number;
  body: unknown;
}
let requests: { method: string; url: string; body: unknown }[] = [];
let replies: Record<string, Reply> = {};

/** The network boundary: answers by "METHOD path", records every request. */
function stubServer() {
  requests = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      const method = init.method ?? 'GET';
      requests.push({ method, url, body: init.body ? JSON.parse(String(init.body)) : undefined });
      const reply = replies[`${method} ${new URL(url, 'http://x').pathname}`] ?? { status: 404, body: {} };
      return new Response(JSON.stringify(reply.body), { status: reply.status, headers: { 'content-type': 'application/json' } });
    }),
  );
}

function setup(workflowId: string, g: WorkflowGraph) {
  const queryClient = new QueryClient();
  const onRunStarted = vi.fn();
  render(
    <QueryClientProvider client={queryClient}>
      <EditorStoreProvider initial={{ workflowId, name: 'Chain', version: 1, graph: g }}>
        <GrabStore />
        <RunControls onRunStarted={onRunStarted} />
      </EditorStoreProvider>
    </QueryClientProvider>,
  );
  return { store: grabbed as unknown as EditorStore, onRunStarted, queryClient };
}

let grabbed: EditorStore | null = null;
/** Hands the test the store the provider created, to edit the document and read the run. */
function GrabStore() {
  grabbed = useEditorApi();
  return null;
}

const input = () => screen.getByLabelText(/Input \(JSON\)/) as HTMLTextAreaElement;
const startButton = () => screen.getByRole('button', { name: 'Start run' }) as HTMLButtonElement;

beforeEach(() => {
  localStorage.clear();
  replies = {};
  stubServer();
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('RunControls: the run input dialog', () => {
  it("opens with this workflow's remembered input, else the trigger's sample, else {}", () => {
    rememberInput('wf_1', '{"n": 41}');
    setup('wf_1', graph({ n: 1 }));
    fireEvent.click(screen.getByRole('button', { name: /Run/ }));
    expect(input().value).toBe('{"n": 41}');
    cleanup();

    setup('wf_2', graph({ n: 1 }));
    fireEvent.click(screen.getByRole('button', { name: /Run/ }));
    expect(JSON.parse(input().value)).toEqual({ n: 1 });
    cleanup();

    setup('wf_3', graph());
    fireEvent.click(screen.getByRole('button', { name: /Run/ }));
    expect(input().value).toBe('{}');
  });

  it('shows the parse error and blocks Start while the JSON is invalid', () => {
    setup('wf_1', graph());
    fireEvent.keyDown(window, { key: 'Enter', ctrlKey: true });
    fireEvent.change(input(), { target: { value: '{"n": ' } });
    expect(startButton().disabled).toBe(true);
    expect(input().getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText(/^Invalid JSON:/)).toBeTruthy();
    fireEvent.keyDown(input(), { key: 'Enter', ctrlKey: true });
    expect(requests).toEqual([]);

    fireEvent.change(input(), { target: { value: '{"n": 2}' } });
    expect(startButton().disabled).toBe(false);
  });

  it('saves unsaved changes, starts the run, remembers the input and begins the run in the store', async () => {
    const { store, onRunStarted, queryClient } = setup('wf_1', graph());
    act(() => store.getState().setLabel('a', 'Adder'));
    const saved = {
      id: 'wf_1',
      name: 'Chain',
      description: '',
      version: 2,
      nodeCount: 3,
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2025-01-01T00:00:00.000Z',
      graph: store.getState().graph(),
    };
    replies['PUT /api/workflows/wf_1'] = { status: 200, body: saved };
    replies['POST /api/workflows/wf_1/runs'] = { status: 202, body: { runId: 'run_9', workflowVersion: 2 } };

    fireEvent.click(screen.getByRole('button', { name: /Run/ }));
    fireEvent.change(input(), { target: { value: '{"n": 7}' } });
    fireEvent.click(startButton());

    await waitFor(() => expect(onRunStarted).toHaveBeenCalledOnce());
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual(['PUT /api/workflows/wf_1', 'POST /api/workflows/wf_1/runs']);
    expect(requests[0]?.body).toEqual({ graph: saved.graph });
    expect(requests[1]?.body).toEqual({ input: { n: 7 } });
    const s = store.getState();
    expect(s.revision).toBe(s.savedRevision);
    expect(s.savedVersion).toBe(2);
    expect(s.run).toMatchObject({ runId: 'run_9', workflowVersion: 2, status: 'queued' });
    expect(queryClient.getQueryData(workflowKey('wf_1'))).toEqual(saved);
    expect(screen.queryByLabelText(/Input \(JSON\)/)).toBeNull();

    // The next dialog for this workflow opens with what was just used.
    act(() => store.getState().applyRunSnapshot({ ...runOf('run_9'), status: 'succeeded' }));
    fireEvent.click(screen.getByRole('button', { name: /Run/ }));
    expect(input().value).toBe('{"n": 7}');
  });

  it("keeps the dialog open with the server's compile errors when it refuses the graph", async () => {
    const { onRunStarted } = setup('wf_1', graph());
    replies['POST /api/workflows/wf_1/runs'] = {
      status: 422,
      body: {
        error: {
          code: 'compile_failed',
          message: 'the workflow has errors',
          details: { errors: [{ code: 'cycle', message: 'cycle: a → b → a' }] },
        },
      },
    };
    fireEvent.click(screen.getByRole('button', { name: /Run/ }));
    fireEvent.click(startButton());
    expect(await screen.findByText('cycle: a → b → a')).toBeTruthy();
    expect(onRunStarted).not.toHaveBeenCalled();
    expect(input()).toBeTruthy();
  });

  it('disables Run while the document has compile problems', () => {
    const { store } = setup('wf_1', graph());
    act(() => store.getState().setProblems([{ code: 'cycle', message: 'cycle' } as never], 0));
    const run = screen.getByRole('button', { name: /Run/ }) as HTMLButtonElement;
    expect(run.disabled).toBe(true);
    expect(run.parentElement?.getAttribute('title')).toBe('Fix 1 problem to run');
    fireEvent.keyDown(window, { key: 'Enter', metaKey: true });
    expect(screen.queryByLabelText(/Input \(JSON\)/)).toBeNull();
  });
});

function runOf(id: string) {
  return {
    id,
    workflowId: 'wf_1',
    workflowVersion: 2,
    status: 'running' as const,
    error: null,
    createdAt: '2025-01-01T00:00:00.000Z',
    startedAt: '2025-01-01T00:00:00.000Z',
    finishedAt: '2025-01-01T00:00:01.000Z',
    input: { n: 7 },
    output: null,
    nodes: [],
  };
}
