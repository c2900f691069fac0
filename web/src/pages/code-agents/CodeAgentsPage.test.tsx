import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Router } from 'wouter';
import { memoryLocation } from 'wouter/memory-location';
import { agentFixture, listItemFixture } from '../../testing/code-agent-fixtures.ts';
import { type StubReply, stubFetch } from '../../testing/stub-fetch.ts';
import { CodeAgentsPage } from './CodeAgentsPage.tsx';

function renderPage(path = '/code-agents') {
  const [pathname, search = ''] = path.split('?');
  const location = memoryLocation({ path: pathname, searchPath: search, record: true });
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <Router hook={location.hook} searchHook={location.searchHook}>
        <CodeAgentsPage />
      </Router>
    </QueryClientProvider>,
  );
  return location;
}

const listReply = (agents: unknown[]): StubReply => ({ status: 200, body: { agents } });

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('code agents page', () => {
  it('lists each agent with its metadata and usage from the one list request, linked to Studio', async () => {
    const seen = stubFetch({
      'GET /api/code-agents': listReply([
        listItemFixture({
          id: 'ca_csv',
          name: 'CSV to JSON',
          slug: 'csv-to-json',
          tags: ['data'],
          language: 'python',
          runtime: 'node',
          published: true,
          latestVersion: 3,
          usage: { calls: 1200, failures: 60, failureRate: 0.05, p50Ms: 42, lastUsedAt: new Date().toISOString() },
        }),
        listItemFixture({ id: 'ca_new', name: 'Fresh', slug: 'fresh' }),
      ]),
    });
    renderPage();
    const row = await screen.findByRole('listitem', { name: 'CSV to JSON' });
    expect(within(row).getByRole('link', { name: 'CSV to JSON' }).getAttribute('href')).toBe('/studio/ca_csv');
    for (const text of ['csv-to-json', 'Published', '#data', 'Python', 'v3', '1,200', '5 %', '42 ms', 'just now'])
      expect(within(row).getByText(text, { exact: false })).toBeTruthy();
    const fresh = screen.getByRole('listitem', { name: 'Fresh' });
    expect(within(fresh).getByText('Draft')).toBeTruthy();
    expect(within(fresh).getByText('never')).toBeTruthy();
    // No per-agent usage requests: the list carries it.
    expect(seen.every((r) => r.path === '/api/code-agents')).toBe(true);
  });

  it('filters by language, published and a clicked tag through the URL, and searches once typing pauses', async () => {
    const seen = stubFetch({
      'GET /api/code-agents': (req) =>
        listReply(req.query.size === 0 ? [listItemFixture({ tags: ['text', 'data'] })] : [listItemFixture({ tags: ['text'] })]),
    });
    const user = userEvent.setup();
    const location = renderPage();
    await screen.findByRole('listitem', { name: 'Shout' });
    await user.selectOptions(screen.getByRole('combobox', { name: 'Language' }), 'python');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Published' }), 'true');
    await user.click(screen.getByRole('button', { name: '#text' }));
    await user.type(screen.getByRole('searchbox', { name: 'Search code agents' }), 'sho');
    await waitFor(() => expect(seen.at(-1)?.query.get('q')).toBe('sho'));
    expect(Object.fromEntries(seen.at(-1)?.query ?? [])).toEqual({
      language: 'python',
      published: 'true',
      tag: 'text',
      q: 'sho',
    });
    expect(location.history.at(-1)).toBe('/code-agents?language=python&published=true&tag=text');
    // Tag choices come from every agent, not only the filtered ones.
    expect(
      within(screen.getByRole('combobox', { name: 'Tag' }))
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Any', 'data', 'text']);
  });

  it('reads filters from the URL and offers to clear them when nothing matches', async () => {
    const seen = stubFetch({ 'GET /api/code-agents': (req) => listReply(req.query.size === 0 ? [listItemFixture()] : []) });
    const user = userEvent.setup();
    renderPage('/code-agents?runtime=wasm&language=cobol');
    expect(await screen.findByText('No code agents match these filters')).toBeTruthy();
    // A value the server would refuse is dropped rather than sent.
    expect(seen.some((r) => r.query.get('runtime') === 'wasm' && !r.query.has('language'))).toBe(true);
    await user.click(screen.getAllByRole('button', { name: 'Clear filters' })[0] as HTMLElement);
    expect(await screen.findByRole('listitem', { name: 'Shout' })).toBeTruthy();
  });

  it('shows the empty registry, and a failed load with a retry', async () => {
    stubFetch({ 'GET /api/code-agents': listReply([]) });
    renderPage();
    expect(await screen.findByText('No code agents yet')).toBeTruthy();
    cleanup();
    stubFetch({ 'GET /api/code-agents': { status: 500, body: { error: { code: 'internal', message: 'Database down' } } } });
    renderPage();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Database down');
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});

describe('new code agent dialog', () => {
  it('derives the slug from the name, creates a one-file starter agent and opens it in Studio', async () => {
    const seen = stubFetch({
      'GET /api/code-agents': listReply([]),
      'POST /api/code-agents': { status: 201, body: agentFixture({ id: 'ca_made' }) },
    });
    const user = userEvent.setup();
    const location = renderPage();
    await user.click(await screen.findByRole('button', { name: 'New code agent' }));
    const dialog = screen.getByRole('dialog', { name: 'New code agent' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'CSV → JSON!');
    expect((within(dialog).getByRole('textbox', { name: 'Slug' }) as HTMLInputElement).value).toBe('csv-json');
    await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Language' }), 'python');
    await user.click(within(dialog).getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(location.history.at(-1)).toBe('/studio/ca_made'));
    const post = seen.find((r) => r.method === 'POST');
    expect(post?.body).toMatchObject({
      name: 'CSV → JSON!',
      slug: 'csv-json',
      content: {
        language: 'python',
        entry: 'main.py',
        files: [{ path: 'main.py', content: expect.stringContaining('def main(inputs, ctx)') }],
      },
    });
  });

  it('keeps the dialog open with a taken slug marked on the field until it is changed', async () => {
    stubFetch({
      'GET /api/code-agents': listReply([]),
      'POST /api/code-agents': { status: 409, body: { error: { code: 'slug_taken', message: 'the slug "shout" is taken' } } },
    });
    const user = userEvent.setup();
    renderPage();
    await user.click(await screen.findByRole('button', { name: 'New code agent' }));
    const dialog = screen.getByRole('dialog', { name: 'New code agent' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'Shout');
    await user.click(within(dialog).getByRole('button', { name: 'Create' }));
    const slug = within(dialog).getByRole('textbox', { name: 'Slug' });
    await waitFor(() => expect(slug.getAttribute('aria-invalid')).toBe('true'));
    expect(within(dialog).getByText('the slug "shout" is taken')).toBeTruthy();
    await user.type(slug, '-2');
    expect(slug.getAttribute('aria-invalid')).toBeNull();
    await user.clear(slug);
    await user.type(slug, '-bad');
    expect(within(dialog).getByText(/not starting with -/)).toBeTruthy();
    expect((within(dialog).getByRole('button', { name: 'Create' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
