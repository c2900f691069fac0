import type { WidgetProps } from './widget-props.ts';

/** A boolean as a switch-styled checkbox; an absent key shows the schema default. */
export function ToggleWidget({ field, id, value, onChange, readOnly, invalid, describedBy }: WidgetProps) {
  const checked = typeof value === 'boolean' ? value : field.defaultValue === true;
  return (
    <input
      id={id}
      type="checkbox"
      role="switch"
      className="toggle"
      checked={checked}
      aria-checked={checked}
      disabled={readOnly}
      aria-invalid={invalid || undefined}
      aria-describedby={describedBy}
      onChange={(e) => onChange(e.target.checked)}
    />
  );
}
