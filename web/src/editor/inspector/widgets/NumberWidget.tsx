import { useState } from 'react';
import type { WidgetProps } from './widget-props.ts';

const shown = (value: unknown) => (value === undefined || value === null ? '' : String(value));

/** Text → number, `undefined` for empty, NaN for text that is not a number. */
function parse(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text);
}

/**
 * A number field that keeps what the user typed while it is not a number ("1e", "-") and shows why,
 * writing only numbers. Range and integer rules are the compiler's (its errors show under the field).
 */
export function NumberWidget({ field, id, value, onChange, readOnly, invalid, describedBy, validate }: WidgetProps) {
  const [text, setText] = useState(() => shown(value));
  const [error, setError] = useState<string | null>(null);
  // The store changed elsewhere (undo): show its value unless the text already means it.
  const [seen, setSeen] = useState(value);
  if (!Object.is(seen, value)) {
    setSeen(value);
    if (!Object.is(parse(text), value)) {
      setText(shown(value));
      setError(null);
    }
  }

  const edit = (next: string) => {
    setText(next);
    const number = parse(next);
    if (number !== undefined && !Number.isFinite(number)) return setError('Enter a number');
    const problem = validate?.(number) ?? null;
    setError(problem);
    if (problem === null) onChange(number);
  };

  const errorId = `${id}-local-error`;
  const hint = [field.integer ? 'whole number' : null, range(field.minimum, field.maximum)].filter(Boolean).join(', ');
  return (
    <>
      <input
        id={id}
        className="input field-input"
        type="text"
        inputMode={field.integer ? 'numeric' : 'decimal'}
        value={text}
        readOnly={readOnly}
        placeholder={typeof field.defaultValue === 'number' ? String(field.defaultValue) : undefined}
        title={hint || undefined}
        aria-invalid={invalid || error !== null || undefined}
        aria-describedby={[error ? errorId : null, describedBy].filter(Boolean).join(' ') || undefined}
        onChange={(e) => edit(e.target.value)}
      />
      {error && (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      )}
    </>
  );
}

function range(min: number | undefined, max: number | undefined): string | null {
  if (min !== undefined && max !== undefined) return `${min} to ${max}`;
  if (min !== undefined) return `at least ${min}`;
  if (max !== undefined) return `at most ${max}`;
  return null;
}
