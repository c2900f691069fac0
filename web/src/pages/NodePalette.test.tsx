import { codeNode, defaultRegistry, describeNode } from '@switchyard/shared';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { stubFetch } from '../testing/stub-fetch.ts';
import { NodePalette } from './NodePalette.tsx';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('NodePalette: the node types the server describes', () => {
  it('groups them by the categories they declare, in order, and flags a type this page does not know', async () => {
    // The server's descriptions, plus a type only a newer server has, in a category of its own.
    const newer = {
      ...describeNode(codeNode),
      type: 'test_newer',
      title: 'Newer thing',
      category: { id: 'test-kit', label: 'Test kit', order: 95 },
    };
    stubFetch({
      'GET /api/node-types': {
        status: 200,
        body: { nodeTypes: [...Object.values(defaultRegistry).map(describeNode), newer] },
      },
    });
    render(
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <NodePalette />
      </QueryClientProvider>,
    );
    const triggers = await screen.findByRole('region', { name: 'Triggers' });
    expect(within(triggers).getByText('Manual trigger')).toBeTruthy();
    const sections = [...document.querySelectorAll('section')].map((s) => s.getAttribute('aria-label'));
    expect(sections[0]).toBe('Triggers');
    expect(sections.at(-1)).toBe('Test kit');
    const kit = screen.getByRole('region', { name: 'Test kit' });
    expect(within(kit).getByText('reload')).toBeTruthy();
    expect(within(triggers).queryByText('reload')).toBeNull();
    expect(kit.querySelector('svg.node-icon path')).not.toBeNull();
  });
});
