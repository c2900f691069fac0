import { CONDITION_OPS, type Condition, type ConditionOp } from '@switchyard/shared';
import { ConditionValueInput } from './ConditionValueInput.tsx';
import { needsValue, OP_LABELS } from './condition-value.ts';
import { useRowKeys } from './row-keys.ts';
import './widgets.css';

interface Props {
  conditions: readonly Condition[];
  onChange(conditions: Condition[]): void;
  readOnly: boolean;
  /** Accessible name of row `index` (0-based), e.g. "Condition 1" or "Case 2 condition 1". */
  rowLabel(index: number): string;
}

/** A condition as the editor reads it from a config that may not be valid yet. */
const NEW_CONDITION: Condition = { path: '', op: 'equals' };

/**
 * Rows of `{ path, op, value }`: the path into the node's input, the operator, and the value to compare with
 * (hidden, and removed from the condition, for operators that do not compare). Every change is written at once.
 */
export function ConditionList({ conditions, onChange, readOnly, rowLabel }: Props) {
  const rows = useRowKeys(conditions.length);
  const update = (index: number, patch: Partial<Condition>) =>
    onChange(conditions.map((c, i) => (i === index ? withPatch(c, patch) : c)));

  return (
    <div className="cond-list">
      {conditions.length === 0 && <p className="muted widget-empty">No conditions.</p>}
      <ol className="widget-rows">
        {conditions.map((c, i) => {
          const label = rowLabel(i);
          return (
            <li key={rows.keys[i]} className="widget-row cond-row">
              <div className="widget-row-main">
                <input
                  className="input field-input cond-path"
                  aria-label={`${label} path`}
                  placeholder="user.age"
                  value={c.path ?? ''}
                  readOnly={readOnly}
                  spellCheck={false}
                  onChange={(e) => update(i, { path: e.target.value })}
                />
                <select
                  className="input field-input cond-op"
                  aria-label={`${label} operator`}
                  value={c.op}
                  disabled={readOnly}
                  onChange={(e) => update(i, { op: e.target.value as ConditionOp })}
                >
                  {CONDITION_OPS.map((op) => (
                    <option key={op} value={op}>
                      {OP_LABELS[op]}
                    </option>
                  ))}
                </select>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Remove ${lowerFirst(label)}`}
                  title="Remove condition"
                  disabled={readOnly}
                  onClick={() => {
                    rows.removed(i);
                    onChange(conditions.filter((_, j) => j !== i));
                  }}
                >
                  ×
                </button>
              </div>
              {needsValue(c.op) && (
                <ConditionValueInput
                  label={`${label} value`}
                  value={c.value}
                  readOnly={readOnly}
                  onChange={(value) => update(i, { value })}
                />
              )}
            </li>
          );
        })}
      </ol>
      {!readOnly && (
        <button
          type="button"
          className="button widget-add"
          onClick={() => {
            rows.added();
            onChange([...conditions, NEW_CONDITION]);
          }}
        >
          + Add condition
        </button>
      )}
    </div>
  );
}

/** Applies `patch`; an operator that does not compare drops the value, and an absent value drops the key. */
function withPatch(condition: Condition, patch: Partial<Condition>): Condition {
  const next = { ...condition, ...patch };
  if (!needsValue(next.op) || next.value === undefined) {
    const { value: _dropped, ...rest } = next;
    return rest;
  }
  return next;
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

/** The conditions of a config value that may be missing or malformed mid-edit: arrays of objects only. */
export function conditionsOf(value: unknown): Condition[] {
  if (!Array.isArray(value)) return [];
  return value.filter((c): c is Condition => typeof c === 'object' && c !== null && typeof c.op === 'string');
}
