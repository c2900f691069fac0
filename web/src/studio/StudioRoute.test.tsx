import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { agentFixture } from '../testing/code-agent-fixtures.ts';
import { stubFetch } from '../testing/stub-fetch.ts';
import { StudioRoute } from './StudioRoute.tsx';

const agent = agentFixture({ id: 'ca_s', latestVersion: 1 });
const v1 = agent.latest;
const v2 = { ...v1, version: 2, hash: 'b'.repeat(64), changelog: 'louder' };

function renderStudio() {
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <StudioRoute agentId="ca_s" />
    </QueryClientProvider>,
  );
}

/** Types into the plain code area Studio shows where Monaco cannot run. */
async function edit(user: ReturnType<typeof userEvent.setup>, text: string) {
  const code = await screen.findByRole('textbox', { name: 'Code of main.js' });
  await user.clear(code);
  await user.click(code);
  await user.paste(text);
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('Sandbox Studio', () => {
  it('saves the edited draft as the next version with its changelog, then is clean again', async () => {
    const seen = stubFetch({
      'GET /api/code-agents/ca_s': { status: 200, body: agent },
      'POST /api/code-agents/ca_s/versions': (req) => ({
        status: 201,
        body: { ...v2, content: (req.body as { content: typeof v1.content }).content },
      }),
    });
    const user = userEvent.setup();
    renderStudio();
    await edit(user, 'export default () => 2');
    expect(screen.getByText('unsaved changes')).toBeTruthy();
    await user.type(screen.getByRole('textbox', { name: 'Changelog' }), 'louder');
    await user.click(screen.getByRole('button', { name: 'Save version' }));

    await waitFor(() => expect(screen.getByTestId('studio-version').textContent).toBe('v2'));
    expect(screen.queryByText('unsaved changes')).toBeNull();
    const post = seen.find((r) => r.method === 'POST' && r.path === '/api/code-agents/ca_s/versions');
    expect(post?.body).toMatchObject({
      changelog: 'louder',
      content: { entry: 'main.js', files: [{ path: 'main.js', content: 'export default () => 2' }] },
    });
  });

  it('shows a refused save and keeps the draft', async () => {
    stubFetch({
      'GET /api/code-agents/ca_s': { status: 200, body: agent },
      'POST /api/code-agents/ca_s/versions': {
        status: 409,
        body: { error: { code: 'version_unchanged', message: 'the content is the same as version 1' } },
      },
    });
    const user = userEvent.setup();
    renderStudio();
    await edit(user, 'x');
    await user.click(screen.getByRole('button', { name: 'Save version' }));
    expect((await screen.findByRole('alert')).textContent).toContain('same as version 1');
    expect((screen.getByRole('textbox', { name: 'Code of main.js' }) as HTMLTextAreaElement).value).toBe('x');
    expect(screen.getByTestId('studio-version').textContent).toBe('v1');
  });

  it('test-runs the unsaved draft and shows output, logs and where it ran', async () => {
    const seen = stubFetch({
      'GET /api/code-agents/ca_s': { status: 200, body: agent },
      'POST /api/code-agents/drafts/run': {
        status: 200,
        body: {
          status: 'succeeded',
          output: { shouted: 'HI' },
          logs: [{ stream: 'stdout', line: 'working', time: 1 }],
          logsTruncated: false,
          runtime: 'wasm',
          backend: 'quickjs',
          decision: { runtime: 'wasm', reason: 'wasm: pure JavaScript', fallbacks: [] },
          durationMs: 4,
          cold: false,
        },
      },
    });
    const user = userEvent.setup();
    renderStudio();
    await edit(user, 'export default () => ({ shouted: "HI" })');
    const input = screen.getByRole('textbox', { name: 'Input (JSON)' });
    await user.clear(input);
    await user.paste('{"text": "hi"}');
    await user.click(screen.getByRole('button', { name: 'Run test' }));

    const result = await screen.findByTestId('test-result');
    expect(result.getAttribute('data-status')).toBe('succeeded');
    expect(within(result).getByTestId('test-output').textContent).toContain('"shouted": "HI"');
    expect(within(result).getByTestId('test-logs').textContent).toContain('working');
    expect(result.textContent).toContain('on wasm (quickjs)');
    expect(seen.find((r) => r.path === '/api/code-agents/drafts/run')?.body).toMatchObject({
      inputs: { text: 'hi' },
      content: { files: [{ path: 'main.js', content: 'export default () => ({ shouted: "HI" })' }] },
    });
  });

  it('refuses input that is not a JSON object before running anything', async () => {
    stubFetch({ 'GET /api/code-agents/ca_s': { status: 200, body: agent } });
    const user = userEvent.setup();
    renderStudio();
    const input = await screen.findByRole('textbox', { name: 'Input (JSON)' });
    await user.clear(input);
    await user.paste('[1');
    expect(screen.getByRole('alert').textContent).toMatch(/Not JSON/);
    expect((screen.getByRole('button', { name: 'Run test' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
