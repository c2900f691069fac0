import { useSecretNames } from '../../../api/secrets.queries.ts';
import { useCan } from '../../../auth/useCan.ts';
import { NewSecretForm } from './NewSecretForm.tsx';
import type { WidgetProps } from './widget-props.ts';
import './widgets.css';

const NONE = '';

/**
 * The name of a stored secret, chosen from the workspace's list (values are never shown). A name that is not
 * stored (deleted, or another workspace's) stays selected and is marked missing; with none stored the field says
 * so and offers to store one.
 */
export function SecretWidget({ id, value, onChange, readOnly, invalid, describedBy }: WidgetProps) {
  const secrets = useSecretNames();
  const canStore = useCan('secrets:write');
  const current = typeof value === 'string' && value !== '' ? value : undefined;
  const names = secrets.data ?? [];
  const missing = current !== undefined && secrets.isSuccess && !names.includes(current);
  const none = secrets.isSuccess && names.length === 0;
  const options = current !== undefined && !names.includes(current) ? [current, ...names] : names;
  const noteId = `${id}-secret-note`;
  const note = missing
    ? `No secret named ${current} is stored in this workspace; runs fail until it is.`
    : none
      ? 'No secrets are stored in this workspace yet.'
      : null;
  return (
    <div className="secret-field">
      <select
        id={id}
        className="input field-input"
        value={current ?? NONE}
        disabled={readOnly}
        aria-invalid={invalid || missing || undefined}
        aria-describedby={[note ? noteId : null, describedBy].filter(Boolean).join(' ') || undefined}
        onChange={(e) => onChange(e.target.value === NONE ? undefined : e.target.value)}
      >
        <option value={NONE}>
          {secrets.isPending && secrets.fetchStatus !== 'idle' ? 'Loading secrets…' : 'Choose a secret…'}
        </option>
        {options.map((name) => (
          <option key={name} value={name}>
            {secrets.isSuccess && !names.includes(name) ? `${name} (missing)` : name}
          </option>
        ))}
      </select>
      {note && (
        <p className={missing ? 'field-error' : 'muted widget-note'} id={noteId}>
          {note}
        </p>
      )}
      {secrets.error && <p className="field-error">Could not list secrets: {secrets.error.message}</p>}
      {canStore && !readOnly && <NewSecretForm open={none} onStored={(name) => onChange(name)} />}
    </div>
  );
}
