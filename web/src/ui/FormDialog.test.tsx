import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FormDialog } from './FormDialog.tsx';

afterEach(cleanup);

function renderDialog(props: Partial<Parameters<typeof FormDialog>[0]> = {}) {
  const onSubmit = vi.fn();
  const onClose = vi.fn();
  render(
    <FormDialog
      title="New thing"
      busy={false}
      submitLabel="Create"
      pendingLabel="Creating…"
      onSubmit={onSubmit}
      onClose={onClose}
      {...props}
    >
      <input aria-label="Name" />
    </FormDialog>,
  );
  return { dialog: screen.getByRole('dialog', { name: 'New thing' }), onSubmit, onClose };
}

describe('form dialog', () => {
  it('is named by its title and submits once the button is enabled', async () => {
    const { dialog, onSubmit, onClose } = renderDialog();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(onSubmit).toHaveBeenCalledTimes(1);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('while busy: shows progress, ignores submit, and Escape waits', () => {
    const { dialog, onSubmit, onClose } = renderDialog({ busy: true });
    const submit = within(dialog).getByRole('button', { name: 'Creating…' }) as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    expect((within(dialog).getByRole('button', { name: 'Cancel' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.submit(submit.form as HTMLFormElement);
    fireEvent(dialog, new Event('cancel', { cancelable: true }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(onClose).not.toHaveBeenCalled();
  });

  it('ignores submit while the form waits for input, and shows the last error', () => {
    const { dialog, onSubmit } = renderDialog({ submitDisabled: true, error: new Error('name taken') });
    fireEvent.submit(within(dialog).getByRole('button', { name: 'Create' }).closest('form') as HTMLFormElement);
    expect(onSubmit).not.toHaveBeenCalled();
    expect(within(dialog).getByRole('alert').textContent).toContain('name taken');
  });

  it('once done: no submit button, and the close button says so', async () => {
    const { dialog, onClose } = renderDialog({ doneLabel: 'Done' });
    expect(within(dialog).queryByRole('button', { name: 'Create' })).toBeNull();
    fireEvent(dialog, new Event('cancel', { cancelable: true }));
    expect(onClose).toHaveBeenCalledTimes(1);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Done' }));
    expect(onClose).toHaveBeenCalledTimes(2);
  });
});
