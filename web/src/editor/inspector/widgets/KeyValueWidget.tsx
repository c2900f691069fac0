import { useState } from 'react';
import { emptyRow, type KeyValueRow, recordOf, rowProblems, rowsOfRecord } from './key-value-rows.ts';
import type { WidgetProps } from './widget-props.ts';
import './widgets.css';

/** `{{ input.id }}`, written so that JSX does not read the braces. */
const TEMPLATE_EXAMPLE = '{{ input.id }}';

/**
 * A `Record<string, string>` (headers, query, form fields) as name/value rows; values may use templates. Every edit is
 * written at once; a row without a name or with a name already used stays on screen (flagged) but out of the map.
 */
export function KeyValueWidget({ field, id, value, onChange, readOnly, describedBy }: WidgetProps) {
  const [rows, setRows] = useState(() => rowsOfRecord(value));
  // `own` is the map this widget last wrote; any other new value (undo, another editor) replaces the rows.
  const [own, setOwn] = useState(value);
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    if (value !== own) setRows(rowsOfRecord(value));
  }
  const problems = rowProblems(rows);

  const edit = (next: KeyValueRow[]) => {
    setRows(next);
    const record = recordOf(next);
    if (JSON.stringify(record) === JSON.stringify(value ?? {})) return;
    // An empty map of an optional field is no map: the key is removed and the default applies.
    const written = Object.keys(record).length === 0 && !field.required ? undefined : record;
    setOwn(written);
    setSeen(written);
    onChange(written);
  };
  const change = (key: number, patch: Partial<KeyValueRow>) => edit(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const label = field.label;

  return (
    <fieldset className="widget-group" id={id} aria-label={label} aria-describedby={describedBy}>
      {rows.length === 0 && <p className="muted widget-empty">None.</p>}
      <ol className="widget-rows">
        {rows.map((r, i) => {
          const problem = problems.get(r.key);
          const errorId = `${id}-${r.key}-error`;
          return (
            <li key={r.key} className="kv-row">
              <div className="widget-row-main">
                <input
                  className="input field-input kv-name"
                  aria-label={`${label} row ${i + 1} name`}
                  placeholder="name"
                  value={r.name}
                  readOnly={readOnly}
                  spellCheck={false}
                  aria-invalid={problem !== undefined || undefined}
                  aria-describedby={problem ? errorId : undefined}
                  onChange={(e) => change(r.key, { name: e.target.value })}
                />
                <input
                  className="input field-input kv-value"
                  aria-label={`${label} row ${i + 1} value`}
                  placeholder={`value or ${TEMPLATE_EXAMPLE}`}
                  value={r.value}
                  readOnly={readOnly}
                  spellCheck={false}
                  onChange={(e) => change(r.key, { value: e.target.value })}
                />
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Remove ${label} row ${i + 1}`}
                  title="Remove"
                  disabled={readOnly}
                  onClick={() => edit(rows.filter((x) => x.key !== r.key))}
                >
                  ×
                </button>
              </div>
              {problem && (
                <p className="field-error" id={errorId}>
                  {problem}
                </p>
              )}
            </li>
          );
        })}
      </ol>
      {!readOnly && (
        <button type="button" className="button widget-add" onClick={() => setRows([...rows, emptyRow()])}>
          + Add
        </button>
      )}
    </fieldset>
  );
}
