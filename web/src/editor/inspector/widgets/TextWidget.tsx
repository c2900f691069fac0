import type { WidgetProps } from './widget-props.ts';

/** `text` and `textarea`. Clearing an optional field removes the key, so its default (or absence) applies. */
export function TextWidget({ field, id, value, onChange, readOnly, invalid, describedBy }: WidgetProps) {
  const text = typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
  const placeholder = typeof field.defaultValue === 'string' ? field.defaultValue : undefined;
  const write = (next: string) => onChange(next === '' && !field.required ? undefined : next);
  const common = {
    id,
    value: text,
    readOnly,
    placeholder,
    'aria-invalid': invalid || undefined,
    'aria-describedby': describedBy,
    className: 'input field-input',
  };
  if (field.widget === 'textarea') return <textarea {...common} rows={4} onChange={(e) => write(e.target.value)} />;
  return <input {...common} type="text" spellCheck={false} onChange={(e) => write(e.target.value)} />;
}
