import type { UseMutationResult } from '@tanstack/react-query';
import { useState } from 'react';

/**
 * An action on one item that asks first (delete, revoke, restore). `ask(item)` opens the question with the last
 * failure cleared; `dialog` is the `ConfirmDialog` wiring: it waits on the mutation, shows its error, runs it on the
 * item and closes on success or cancel.
 */
export function useConfirmAction<T, V, D>(mutation: UseMutationResult<D, Error, V>, variables: (item: T) => V) {
  const [target, setTarget] = useState<T | null>(null);
  const close = () => setTarget(null);
  return {
    /** The item being asked about, or null while no question is open. */
    target,
    ask(item: T) {
      mutation.reset();
      setTarget(item);
    },
    dialog: {
      busy: mutation.isPending,
      error: mutation.error,
      onCancel: close,
      onConfirm() {
        if (target !== null) mutation.mutate(variables(target), { onSuccess: close });
      },
    },
  };
}
