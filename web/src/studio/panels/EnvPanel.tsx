import { EnvNameSchema } from '@switchyard/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { call } from '../../api/client.ts';
import { useCan } from '../../auth/useCan.ts';
import { ErrorNotice } from '../../ErrorNotice.tsx';
import { useStudio, useStudioApi } from '../StudioStoreProvider.tsx';

interface EnvRow {
  name: string;
  kind: 'text' | 'secret';
  /** The text, or the secret's name (never its value). */
  value: string;
}

type EnvRecord = Record<string, string | { secret: string }>;
const NO_ENV: EnvRecord = {};

const toRows = (env: EnvRecord): EnvRow[] =>
  Object.entries(env).map(([name, v]) =>
    typeof v === 'string' ? { name, kind: 'text', value: v } : { name, kind: 'secret', value: v.secret },
  );

const toEnv = (rows: EnvRow[]): EnvRecord =>
  Object.fromEntries(
    rows
      .filter((r) => EnvNameSchema.safeParse(r.name).success && (r.kind === 'text' || r.value))
      .map((r) => [r.name, r.kind === 'text' ? r.value : { secret: r.value }]),
  );

/**
 * The environment the code reads: declared names with literal text or a reference to a stored secret. A secret's
 * value can be set here but is never shown: the server keeps it sealed and resolves it only at run time.
 */
export function EnvPanel() {
  const store = useStudioApi();
  const env = useStudio((s) => (s.draft.policy.env as EnvRecord | undefined) ?? NO_ENV);
  const [seen, setSeen] = useState(env);
  const [rows, setRowsState] = useState(() => toRows(env));
  if (seen !== env) {
    setSeen(env);
    setRowsState(toRows(env));
  }
  const canStoreSecrets = useCan('secrets:write');
  const secrets = useQuery({
    queryKey: ['secrets'],
    queryFn: ({ signal }) => call('listSecrets', { signal }),
    enabled: useCan('secrets:read'),
  });
  const names = secrets.data?.secrets.map((s) => s.name) ?? [];
  const setRows = (next: EnvRow[]) => {
    setRowsState(next);
    const built = toEnv(next);
    setSeen(built);
    store.getState().setPolicy({ env: built });
  };
  const update = (i: number, patch: Partial<EnvRow>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  return (
    <div className="studio-stack">
      <p className="muted">Read with process.env.NAME (JS/TS), os.environ["NAME"] (Python) or $NAME (Bash).</p>
      {rows.map((row, i) => {
        const nameProblem = row.name && !EnvNameSchema.safeParse(row.name).success;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; names can be empty mid-edit
          <div key={i} className="env-row">
            <input
              className="input"
              aria-label={`Variable ${i + 1} name`}
              placeholder="NAME"
              value={row.name}
              aria-invalid={Boolean(nameProblem)}
              onChange={(e) => update(i, { name: e.target.value })}
            />
            <select
              className="input"
              aria-label={`Variable ${i + 1} kind`}
              value={row.kind}
              onChange={(e) => update(i, { kind: e.target.value as EnvRow['kind'], value: '' })}
            >
              <option value="text">text</option>
              <option value="secret">secret</option>
            </select>
            {row.kind === 'text' ? (
              <input
                className="input"
                aria-label={`Variable ${i + 1} value`}
                value={row.value}
                onChange={(e) => update(i, { value: e.target.value })}
              />
            ) : (
              <select
                className="input"
                aria-label={`Variable ${i + 1} secret`}
                value={row.value}
                onChange={(e) => update(i, { value: e.target.value })}
              >
                <option value="">choose a secret…</option>
                {[...new Set([...names, ...(row.value ? [row.value] : [])])].map((n) => (
                  <option key={n} value={n}>
                    {n}
                    {names.includes(n) ? '' : ' (not set)'}
                  </option>
                ))}
              </select>
            )}
            <button
              type="button"
              className="file-action"
              aria-label={`Remove variable ${i + 1}`}
              onClick={() => setRows(rows.filter((_, j) => j !== i))}
            >
              ✕
            </button>
            {nameProblem && <p className="field-error">{EnvNameSchema.safeParse(row.name).error?.issues[0]?.message}</p>}
          </div>
        );
      })}
      <button type="button" className="button" onClick={() => setRows([...rows, { name: '', kind: 'text', value: '' }])}>
        Add variable
      </button>
      {canStoreSecrets && <NewSecret />}
    </div>
  );
}

/** Stores a secret's value (write-only): afterwards only its name is known to the page. */
function NewSecret() {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const put = useMutation({
    mutationFn: () => call('putSecret', { params: { name }, body: { value } }),
    onSuccess: () => {
      setValue('');
      setName('');
      void queryClient.invalidateQueries({ queryKey: ['secrets'] });
    },
  });
  return (
    <form
      className="schema-editor"
      onSubmit={(e) => {
        e.preventDefault();
        put.mutate();
      }}
    >
      <legend className="studio-label">Store a secret</legend>
      <div className="env-row">
        <input
          className="input"
          aria-label="Secret name"
          placeholder="API_KEY"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <input
          className="input"
          type="password"
          autoComplete="off"
          aria-label="Secret value"
          placeholder="value (never shown again)"
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
        <button type="submit" className="button" disabled={!name || !value || put.isPending}>
          Store
        </button>
      </div>
      {put.isSuccess && <p className="muted">Stored {put.data.name}. Its value is sealed on the server.</p>}
      {put.error && <ErrorNotice error={put.error} />}
    </form>
  );
}
