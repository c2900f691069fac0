import { edge, output, trigger } from '@switchyard/shared/fixtures';
import { act, cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { renderInspector } from '../../testing/render-inspector.tsx';
import type { EditorDocument } from '../store/editor-store.ts';

//   trigger ──► call (http) ──► output
const doc = (config: Record<string, unknown>): EditorDocument => ({
  workflowId: 'wf_1',
  name: 'Call',
  version: 1,
  graph: {
    nodes: [trigger(), { id: 'call', type: 'http', position: { x: 0, y: 0 }, config }, output()],
    edges: [edge('trigger', 'call'), edge('call', 'output')],
  },
});

afterEach(cleanup);

describe('fields a definition hides for the config being edited', () => {
  it('shows the JSON body only for a JSON body, the user name only for basic auth', async () => {
    const user = userEvent.setup();
    const store = renderInspector(doc({ url: 'https://api.example.com/' }));
    act(() => store.getState().selectOnly(['call']));
    expect(screen.queryByText('JSON body')).toBeNull();
    expect(screen.queryByText('User name')).toBeNull();
    expect(screen.queryByText('Auth secret')).toBeNull();

    await user.selectOptions(screen.getByLabelText('Body'), 'json');
    expect(screen.getByText('JSON body')).toBeTruthy();
    expect(screen.queryByText('Form fields')).toBeNull();

    await user.selectOptions(screen.getByLabelText('Auth'), 'bearer');
    expect(screen.getByText('Auth secret')).toBeTruthy();
    expect(screen.queryByText('User name')).toBeNull();
    await user.selectOptions(screen.getByLabelText('Auth'), 'basic');
    expect(screen.getByText('User name')).toBeTruthy();
  });
});
