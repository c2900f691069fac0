import { JsonSchemaFieldSchema } from '@switchyard/shared';
import { useState } from 'react';
import { useStudio, useStudioApi } from '../StudioStoreProvider.tsx';
import { ROW_TYPES, rowsToSchema, type SchemaRow, schemaToRows } from './schema-form.ts';

type Which = 'inputSchema' | 'outputSchema';

/** The input and output JSON Schemas: the tool's contract, checked on every call. */
export function SchemaPanel() {
  return (
    <div className="studio-stack">
      <SchemaEditor which="inputSchema" title="Input schema" />
      <SchemaEditor which="outputSchema" title="Output schema" />
    </div>
  );
}

/** A form for simple object schemas, raw JSON Schema for the rest; the draft changes only when the JSON is valid. */
function SchemaEditor({ which, title }: { which: Which; title: string }) {
  const store = useStudioApi();
  const schema = useStudio((s) => s.draft[which]);
  const [mode, setMode] = useState<'form' | 'json'>(schemaToRows(schema) ? 'form' : 'json');
  // The form and the text are local while being edited (a row without a name is not in the schema yet); a schema
  // changed from elsewhere (restore, discard) replaces them.
  const [seen, setSeen] = useState(schema);
  const [rows, setRowsState] = useState(() => schemaToRows(schema));
  const [text, setText] = useState(() => (schema ? JSON.stringify(schema, null, 2) : ''));
  const [problem, setProblem] = useState<string | null>(null);
  if (seen !== schema) {
    setSeen(schema);
    setRowsState(schemaToRows(schema));
    setText(schema ? JSON.stringify(schema, null, 2) : '');
    setProblem(null);
  }
  const push = (next: Record<string, unknown> | undefined) => {
    setSeen(next);
    store.getState().setSchema(which, next);
  };
  const setRows = (next: SchemaRow[]) => {
    const built = rowsToSchema(next);
    setRowsState(next);
    setText(built ? JSON.stringify(built, null, 2) : '');
    push(built);
  };
  const onJson = (value: string) => {
    const error = checkSchemaText(value);
    setText(value);
    setProblem(error);
    if (error !== null) return;
    const next = value.trim() === '' ? undefined : (JSON.parse(value) as Record<string, unknown>);
    setRowsState(schemaToRows(next));
    push(next);
  };
  const id = `schema-${which}`;

  return (
    <fieldset className="schema-editor">
      <legend>{title}</legend>
      <div className="studio-row" role="radiogroup" aria-label={`${title} editor`}>
        <button
          type="button"
          className="button"
          aria-pressed={mode === 'form'}
          disabled={rows === null}
          title={rows === null ? 'This schema uses more than the form can show: edit it as JSON' : undefined}
          onClick={() => setMode('form')}
        >
          Form
        </button>
        <button type="button" className="button" aria-pressed={mode === 'json'} onClick={() => setMode('json')}>
          JSON
        </button>
      </div>
      {mode === 'form' && rows !== null ? (
        <SchemaRows title={title} rows={rows} onChange={setRows} />
      ) : (
        <>
          <textarea
            id={id}
            aria-label={`${title} JSON`}
            className="input studio-json"
            rows={8}
            spellCheck={false}
            placeholder='{"type": "object", "properties": {…}} (empty: any input)'
            value={text}
            aria-invalid={problem !== null}
            onChange={(e) => onJson(e.target.value)}
          />
          {problem ? (
            <p className="field-error" role="alert">
              {problem}
            </p>
          ) : (
            <p className="muted">{text.trim() ? 'Valid JSON Schema.' : 'No schema: any object is accepted.'}</p>
          )}
        </>
      )}
    </fieldset>
  );
}

/** Why `text` is not a usable JSON Schema, or null (empty text means no schema). */
export function checkSchemaText(text: string): string | null {
  if (text.trim() === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return `Not JSON: ${(err as Error).message}`;
  }
  const checked = JsonSchemaFieldSchema.safeParse(value);
  return checked.success ? null : (checked.error.issues[0]?.message ?? 'not a JSON Schema');
}

function SchemaRows({ title, rows, onChange }: { title: string; rows: SchemaRow[]; onChange(rows: SchemaRow[]): void }) {
  const update = (i: number, patch: Partial<SchemaRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <div className="schema-rows">
      {rows.length === 0 && <p className="muted">No fields: any object is accepted.</p>}
      {rows.map((row, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; a name can be empty or repeated mid-edit
        <div key={i} className="schema-row">
          <input
            className="input"
            aria-label={`${title} field ${i + 1} name`}
            placeholder="name"
            value={row.name}
            onChange={(e) => update(i, { name: e.target.value })}
          />
          <select
            className="input"
            aria-label={`${title} field ${i + 1} type`}
            value={row.type}
            onChange={(e) => update(i, { type: e.target.value as SchemaRow['type'] })}
          >
            {ROW_TYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
          <label className="schema-required">
            <input type="checkbox" checked={row.required} onChange={(e) => update(i, { required: e.target.checked })} />
            required
          </label>
          <button
            type="button"
            className="file-action"
            aria-label={`Remove ${title.toLowerCase()} field ${i + 1}`}
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
          >
            ✕
          </button>
          <input
            className="input schema-description"
            aria-label={`${title} field ${i + 1} description`}
            placeholder="description (the model reads it)"
            value={row.description}
            onChange={(e) => update(i, { description: e.target.value })}
          />
        </div>
      ))}
      <button
        type="button"
        className="button"
        onClick={() => onChange([...rows, { name: '', type: 'string', required: true, description: '' }])}
      >
        Add field
      </button>
    </div>
  );
}
