import { useState } from 'react';
import type { WidgetProps } from './widget-props.ts';

const format = (value: unknown) => (value === undefined ? '' : JSON.stringify(value, null, 2));

type Parsed = { ok: true; value: unknown } | { ok: false; message: string };

/** Empty text is "no value" (the key is removed); anything else must be JSON. */
function parse(text: string): Parsed {
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Any JSON value. The raw text stays local while it does not parse (the parse error shows inline);
 * only valid JSON reaches the config. A value changed elsewhere (undo) replaces the text.
 */
export function JsonWidget({ id, value, onChange, readOnly, invalid, describedBy }: WidgetProps) {
  const [text, setText] = useState(() => format(value));
  const [error, setError] = useState<string | null>(null);
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    const parsed = parse(text);
    if (!parsed.ok || !sameJson(parsed.value, value)) {
      setText(format(value));
      setError(null);
    }
  }

  const edit = (next: string) => {
    setText(next);
    const parsed = parse(next);
    if (!parsed.ok) return setError(parsed.message);
    setError(null);
    onChange(parsed.value);
  };

  const errorId = `${id}-parse-error`;
  return (
    <>
      <textarea
        id={id}
        className="input field-input field-json"
        rows={Math.min(12, Math.max(3, text.split('\n').length))}
        value={text}
        readOnly={readOnly}
        spellCheck={false}
        placeholder={'JSON, e.g. {"name": "Ada"}'}
        aria-invalid={invalid || error !== null || undefined}
        aria-describedby={[error ? errorId : null, describedBy].filter(Boolean).join(' ') || undefined}
        onChange={(e) => edit(e.target.value)}
      />
      {error && (
        <p className="field-error" id={errorId}>
          Invalid JSON: {error}
        </p>
      )}
    </>
  );
}
