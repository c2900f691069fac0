import { useState } from 'react';
import { conditionValueText, parseConditionValue, valueKind } from './condition-value.ts';

interface Props {
  value: unknown;
  onChange(value: unknown): void;
  label: string;
  readOnly: boolean;
}

/**
 * A condition's value as one line of text, read as JSON when it parses (`18` → number, `"18"` or `abc` → string);
 * the inferred kind shows beside it. The typed text stays as typed (`18.0`, spaces in JSON) until the value changes
 * elsewhere (undo).
 */
export function ConditionValueInput({ value, onChange, label, readOnly }: Props) {
  const [text, setText] = useState(() => conditionValueText(value));
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    if (JSON.stringify(parseConditionValue(text)) !== JSON.stringify(value)) setText(conditionValueText(value));
  }
  const parsed = parseConditionValue(text);
  return (
    <div className="cond-value">
      <input
        className="input field-input cond-value-input"
        aria-label={label}
        placeholder="value, e.g. 18 or active"
        value={text}
        readOnly={readOnly}
        spellCheck={false}
        onChange={(e) => {
          const next = parseConditionValue(e.target.value);
          setText(e.target.value);
          setSeen(next);
          onChange(next);
        }}
      />
      <span className="cond-kind muted" title={'Read as JSON when it parses: 18 is a number, "18" or abc a string'}>
        {valueKind(parsed)}
      </span>
    </div>
  );
}
