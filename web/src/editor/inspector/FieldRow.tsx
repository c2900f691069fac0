import type { CompileError } from '@switchyard/shared';
import { fieldMessage } from './field-problems.ts';
import type { FieldDescriptor } from './form-fields.ts';
import type { WidgetProps } from './widgets/widget-props.ts';
import { WIDGETS } from './widgets/widgets.ts';

export interface FieldRowProps extends Omit<WidgetProps, 'id' | 'invalid' | 'describedBy'> {
  /** Prefix for DOM ids, unique within the page (node id plus section). */
  idPrefix: string;
  problems: readonly CompileError[];
}

/** Label, widget, help, schema description and the compile errors that point at this field. */
export function FieldRow({ idPrefix, problems, ...props }: FieldRowProps) {
  const { field } = props;
  const id = `${idPrefix}-${field.key}`;
  const Widget = WIDGETS[field.widget];
  const notes = noteLines(field);
  const describedBy = [notes.length > 0 ? `${id}-notes` : null, problems.length > 0 ? `${id}-errors` : null]
    .filter(Boolean)
    .join(' ');
  const inline = field.widget === 'toggle';
  return (
    <div className="inspector-field" data-field={field.key} data-widget={field.widget} data-inline={inline || undefined}>
      <label className="field-label" htmlFor={id}>
        {field.label}
        {field.required && (
          <span className="field-required" aria-hidden="true">
            {' '}
            *
          </span>
        )}
      </label>
      <Widget {...props} id={id} invalid={problems.length > 0} describedBy={describedBy || undefined} />
      {notes.length > 0 && (
        <div className="field-notes muted" id={`${id}-notes`}>
          {notes.map((n) => (
            <p key={n}>{n}</p>
          ))}
        </div>
      )}
      {problems.length > 0 && (
        <ul className="field-errors" id={`${id}-errors`} data-testid="field-error">
          {problems.map((p) => (
            <li key={p.message} className="field-error">
              {fieldMessage(p)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function noteLines(field: FieldDescriptor): string[] {
  return [field.help, field.description].filter((n): n is string => Boolean(n) && n !== field.label);
}
