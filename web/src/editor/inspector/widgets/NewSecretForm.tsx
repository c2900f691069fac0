import { SecretNameSchema } from '@switchyard/shared';
import { useId, useState } from 'react';
import { usePutSecret } from '../../../api/secrets.queries.ts';

/**
 * Stores a secret without leaving the inspector (write-only: afterwards only its name is known here), then hands
 * its name to `onStored` so the field can point at it.
 */
export function NewSecretForm({ onStored, open }: { onStored(name: string): void; open: boolean }) {
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const put = usePutSecret();
  const ids = useId();
  const nameProblem = name === '' ? null : (SecretNameSchema.safeParse(name).error?.issues[0]?.message ?? null);
  const store = () =>
    put.mutate(
      { name, value },
      {
        onSuccess: (stored) => {
          setName('');
          setValue('');
          onStored(stored.name);
        },
      },
    );
  return (
    <details className="secret-new" open={open || undefined}>
      <summary>Store a new secret</summary>
      <form
        className="secret-new-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (name && value && !nameProblem) store();
        }}
      >
        <input
          className="input field-input"
          aria-label="New secret name"
          placeholder="API_TOKEN"
          value={name}
          spellCheck={false}
          aria-invalid={nameProblem !== null || undefined}
          aria-describedby={nameProblem ? `${ids}-name` : undefined}
          onChange={(e) => setName(e.target.value)}
        />
        <input
          className="input field-input"
          type="password"
          autoComplete="off"
          aria-label="New secret value"
          placeholder="value (never shown again)"
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
        <button type="submit" className="button" disabled={!name || !value || nameProblem !== null || put.isPending}>
          {put.isPending ? 'Storing…' : 'Store'}
        </button>
      </form>
      {nameProblem && (
        <p className="field-error" id={`${ids}-name`}>
          {nameProblem}
        </p>
      )}
      {put.error && <p className="field-error">{put.error.message}</p>}
    </details>
  );
}
