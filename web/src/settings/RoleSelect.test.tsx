import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RoleSelect } from './RoleSelect.tsx';

afterEach(cleanup);

describe('RoleSelect', () => {
  it('is named exactly "Role" (the hint describes it, it does not rename it) and reports the chosen role', async () => {
    const onChange = vi.fn();
    render(<RoleSelect roles={['admin', 'editor', 'viewer']} value="editor" onChange={onChange} />);
    const select = screen.getByRole('combobox', { name: 'Role' });
    expect(select).toHaveProperty('value', 'editor');
    expect(screen.getByText(/Editor: /).id).toBe(select.getAttribute('aria-describedby'));
    await userEvent.selectOptions(select, 'viewer');
    expect(onChange).toHaveBeenCalledWith('viewer');
  });
});
