import type { OptionValue } from '../form-fields.ts';
import type { WidgetProps } from './widget-props.ts';

const NONE = '';

/**
 * One of the schema's enum values. Options are addressed by index, so numbers and booleans round-trip.
 * An optional field without a default offers "None"; a value outside the enum stays visible (flagged).
 */
export function SelectWidget({ field, id, value, onChange, readOnly, invalid, describedBy }: WidgetProps) {
  const options: readonly OptionValue[] = field.options ?? [];
  const current = value === undefined ? field.defaultValue : value;
  const index = options.findIndex((o) => Object.is(o, current));
  const unknown = current !== undefined && index < 0;
  const optional = !field.required && field.defaultValue === undefined;
  return (
    <select
      id={id}
      className="input field-input"
      value={index >= 0 ? String(index) : unknown ? 'unknown' : NONE}
      disabled={readOnly}
      aria-invalid={invalid || unknown || undefined}
      aria-describedby={describedBy}
      onChange={(e) => onChange(e.target.value === NONE ? undefined : options[Number(e.target.value)])}
    >
      {(optional || (current === undefined && index < 0)) && <option value={NONE}>None</option>}
      {unknown && (
        <option value="unknown" disabled>
          {String(current)} (not allowed)
        </option>
      )}
      {options.map((o, i) => (
        <option key={String(o)} value={String(i)}>
          {String(o)}
        </option>
      ))}
    </select>
  );
}
