import { ConditionList, conditionsOf } from './ConditionList.tsx';
import type { WidgetProps } from './widget-props.ts';

/** The `conditions` of an `if`: rows of path, operator and value ("Condition 1 path", …). */
export function ConditionsWidget({ field, id, value, onChange, readOnly, describedBy }: WidgetProps) {
  return (
    <fieldset className="widget-group" id={id} aria-label={field.label} aria-describedby={describedBy}>
      <ConditionList
        conditions={conditionsOf(value)}
        onChange={onChange}
        readOnly={readOnly}
        rowLabel={(i) => `Condition ${i + 1}`}
      />
    </fieldset>
  );
}
