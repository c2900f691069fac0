import type { CodeEditorProps } from './code-editor-props.ts';

/**
 * A monospace textarea with the code editor's size: shown while Monaco loads, and instead of it where
 * Web Workers are unavailable (Monaco's language services need them). Fully editable either way.
 */
export function PlainCodeArea({ value, onChange, readOnly, height, ariaLabel }: CodeEditorProps) {
  return (
    <textarea
      className="plain-code"
      aria-label={ariaLabel}
      style={{ height }}
      value={value}
      readOnly={readOnly}
      spellCheck={false}
      autoCapitalize="off"
      autoComplete="off"
      onChange={(e) => onChange(e.target.value)}
    />
  );
}
