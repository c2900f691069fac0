import { PortTypeSchema } from '@switchyard/shared';
import { useState } from 'react';
import { useEditorApi } from '../../store/EditorStoreProvider.tsx';
import { newRow, type PortDirection, type PortRow, renamesOf, rowErrors, rowsOf, toDecls } from './port-rows.ts';
import type { WidgetProps } from './widget-props.ts';

/**
 * A port list: name, type, and for inputs required/many. Names commit on blur or Enter; other changes
 * commit at once. A rename goes through `setPorts(…, renames)` so connected edges follow it; invalid or
 * duplicate names are shown on the row and nothing is written until they are fixed.
 */
export function PortsWidget({ field, id, value, onChange, readOnly, describedBy, nodeId }: WidgetProps) {
  const store = useEditorApi();
  const direction: PortDirection | null = field.key === 'inputs' || field.key === 'outputs' ? field.key : null;
  // An absent list means the schema default (a code node without `inputs` has the `input` port).
  const effective = value === undefined ? field.defaultValue : value;
  const [rows, setRows] = useState(() => rowsOf(effective));
  // `own` is the list this widget last wrote; any other new value (undo, another editor) replaces the rows.
  const [own, setOwn] = useState(value);
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    if (value !== own) setRows(rowsOf(effective));
  }
  const errors = rowErrors(rows);

  const commit = (next: PortRow[]) => {
    if (rowErrors(next).size > 0) return setRows(next);
    const decls = toDecls(next, direction ?? 'inputs');
    const settled = next.map((r) => ({ ...r, committed: r.name }));
    // Enter then blur, or a blur without an edit: nothing to write (and no empty undo step).
    if (JSON.stringify(decls) === JSON.stringify(effective)) return setRows(settled);
    if (direction) store.getState().setPorts(nodeId, direction, decls, renamesOf(next));
    else onChange(decls);
    setOwn(decls);
    setRows(settled);
  };
  const change = (key: number, patch: Partial<PortRow>) => rows.map((r) => (r.key === key ? { ...r, ...patch } : r));

  return (
    <fieldset className="ports-editor" id={id} aria-label={field.label} aria-describedby={describedBy}>
      {rows.length === 0 && <p className="muted ports-empty">No ports.</p>}
      <ul className="port-rows">
        {rows.map((r) => {
          const error = errors.get(r.key);
          const errorId = `${id}-${r.key}-error`;
          return (
            <li key={r.key} className="port-edit">
              <div className="port-edit-main">
                <input
                  className="input field-input port-name-input"
                  aria-label="Port name"
                  value={r.name}
                  readOnly={readOnly}
                  spellCheck={false}
                  aria-invalid={error !== undefined || undefined}
                  aria-describedby={error ? errorId : undefined}
                  onChange={(e) => setRows(change(r.key, { name: e.target.value }))}
                  onBlur={() => commit(rows)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') commit(rows);
                    if (e.key === 'Escape' && r.committed !== null) setRows(change(r.key, { name: r.committed }));
                  }}
                />
                <select
                  className="input field-input port-type-select"
                  aria-label={`Type of ${r.name}`}
                  value={r.type}
                  disabled={readOnly}
                  onChange={(e) => commit(change(r.key, { type: PortTypeSchema.parse(e.target.value) }))}
                >
                  {PortTypeSchema.options.map((t) => (
                    <option key={t} value={t}>
                      {t}
                    </option>
                  ))}
                </select>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Remove ${r.name}`}
                  title="Remove port"
                  disabled={readOnly}
                  onClick={() => commit(rows.filter((x) => x.key !== r.key))}
                >
                  ×
                </button>
              </div>
              {direction !== 'outputs' && (
                <div className="port-edit-flags">
                  <label>
                    <input
                      type="checkbox"
                      checked={r.required}
                      disabled={readOnly}
                      onChange={(e) => commit(change(r.key, { required: e.target.checked }))}
                    />{' '}
                    Required
                  </label>
                  <label title="Accepts many edges and receives an array of their values">
                    <input
                      type="checkbox"
                      checked={r.multiple}
                      disabled={readOnly}
                      onChange={(e) => commit(change(r.key, { multiple: e.target.checked }))}
                    />{' '}
                    Many
                  </label>
                </div>
              )}
              {error && (
                <p className="field-error" id={errorId}>
                  {error}
                </p>
              )}
            </li>
          );
        })}
      </ul>
      {!readOnly && (
        <button type="button" className="button port-add" onClick={() => commit([...rows, newRow(rows, direction ?? 'inputs')])}>
          + Add {direction === 'outputs' ? 'output' : 'input'}
        </button>
      )}
    </fieldset>
  );
}
