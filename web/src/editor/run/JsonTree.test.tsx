import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CHILD_PAGE, JsonTree, STRING_PREVIEW } from './JsonTree.tsx';

afterEach(cleanup);

const value = {
  user: { name: 'Ada', tags: ['x', 'y'] },
  count: 3,
  ok: true,
  none: null,
  story: 'a'.repeat(STRING_PREVIEW + 40),
};

describe('JsonTree', () => {
  it('opens the first levels and collapses and expands a container on click', () => {
    render(<JsonTree value={value} label="Output" />);
    const user = screen.getByRole('button', { name: /user: \{2 keys\}/ });
    expect(user.getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByText('"Ada"')).toBeTruthy();
    // Depth 2 (`tags`) starts closed.
    const tags = screen.getByRole('button', { name: /tags: \[2 items\]/ });
    expect(tags.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByText('"x"')).toBeNull();

    fireEvent.click(tags);
    expect(tags.getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByText('"x"')).toBeTruthy();

    fireEvent.click(user);
    expect(user.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByText('"Ada"')).toBeNull();
  });

  it('truncates long strings and shows them whole on request', () => {
    render(<JsonTree value={value} label="Output" />);
    const more = screen.getByRole('button', { name: `Show all ${(STRING_PREVIEW + 40).toLocaleString()} characters` });
    const shown = () => screen.getByText((t) => t.startsWith('"aaa')).textContent ?? '';
    expect(shown()).toHaveLength(STRING_PREVIEW + 3); // quotes and the ellipsis
    fireEvent.click(more);
    expect(shown()).toBe(JSON.stringify(value.story));
  });

  it('renders big arrays a page at a time', () => {
    render(<JsonTree value={Array.from({ length: CHILD_PAGE + 5 }, (_, i) => i)} label="Output" />);
    const root = screen.getByRole('list', { name: 'Output' });
    expect(within(root).getByText(String(CHILD_PAGE - 1))).toBeTruthy();
    expect(within(root).queryByText(String(CHILD_PAGE))).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Show 5 more of 5' }));
    expect(within(root).getByText(String(CHILD_PAGE + 4))).toBeTruthy();
  });

  it('copies the whole value as pretty JSON', async () => {
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    render(<JsonTree value={value} label="Input" />);
    fireEvent.click(screen.getByRole('button', { name: 'Copy Input as JSON' }));
    expect(writeText).toHaveBeenCalledWith(JSON.stringify(value, null, 2));
    expect(await screen.findByText('Copied')).toBeTruthy();
  });
});
