import type { Condition, SwitchCase } from '@switchyard/shared';
import { useState } from 'react';
import { ConditionList, conditionsOf } from './ConditionList.tsx';
import { caseNameProblem, newCaseName } from './case-names.ts';
import { move, useRowKeys } from './row-keys.ts';
import type { WidgetProps } from './widget-props.ts';
import './widgets.css';

/** A case as the editor reads it from a config that may not be valid yet. */
function casesOf(value: unknown): SwitchCase[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((c) => typeof c === 'object' && c !== null)
    .map((c) => ({
      name: typeof c.name === 'string' ? c.name : '',
      combine: c.combine === 'any' ? 'any' : 'all',
      conditions: conditionsOf(c.conditions),
    }));
}

/**
 * The ordered cases of a `switch`: each an output port name, all/any and its conditions; first match wins.
 * Conditions, combine and order are written at once; a name is written on blur or Enter once it is a valid,
 * unused port name (Escape restores it), so a half-typed name never becomes a port.
 */
export function CasesWidget({ field, id, value, onChange, readOnly, describedBy }: WidgetProps) {
  const cases = casesOf(value === undefined ? field.defaultValue : value);
  const rows = useRowKeys(cases.length);
  /** Names being typed, by row key; absent = the case's own name. */
  const [drafts, setDrafts] = useState<Record<number, string>>({});
  const names = cases.map((c) => c.name);
  const setDraft = (key: number, name: string | null) =>
    setDrafts(({ [key]: _old, ...rest }) => (name === null ? rest : { ...rest, [key]: name }));
  const update = (index: number, patch: Partial<SwitchCase>) =>
    onChange(cases.map((c, i) => (i === index ? { ...c, ...patch } : c)));
  const reorder = (from: number, to: number) => {
    rows.moved(from, to);
    onChange(move(cases, from, to));
  };
  const commitName = (index: number, key: number) => {
    const draft = drafts[key];
    if (draft === undefined || caseNameProblem(names, index, draft)) return;
    setDraft(key, null);
    const old = names[index];
    if (draft === old) return;
    // The case is the output port: its edges follow the new name.
    onChange(
      cases.map((c, i) => (i === index ? { ...c, name: draft } : c)),
      old ? { renamedOutputs: { [old]: draft } } : undefined,
    );
  };

  return (
    <fieldset className="widget-group" id={id} aria-label={field.label} aria-describedby={describedBy}>
      <ol className="widget-rows">
        {cases.map((c, i) => {
          const key = rows.keys[i] ?? i;
          const name = drafts[key] ?? c.name;
          const problem = drafts[key] === undefined ? null : caseNameProblem(names, i, name);
          const errorId = `${id}-${key}-error`;
          const n = i + 1;
          return (
            <li key={key} className="widget-row case-card">
              <div className="widget-row-main">
                <input
                  className="input field-input case-name"
                  aria-label={`Case ${n} name`}
                  title="The output port this case sends the input on"
                  value={name}
                  readOnly={readOnly}
                  spellCheck={false}
                  aria-invalid={problem !== null || undefined}
                  aria-describedby={problem ? errorId : undefined}
                  onChange={(e) => setDraft(key, e.target.value)}
                  onBlur={() => commitName(i, key)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') {
                      e.preventDefault();
                      commitName(i, key);
                    }
                    if (e.key === 'Escape') setDraft(key, null);
                  }}
                />
                <select
                  className="input field-input case-combine"
                  aria-label={`Case ${n} combine`}
                  value={c.combine}
                  disabled={readOnly}
                  onChange={(e) => update(i, { combine: e.target.value === 'any' ? 'any' : 'all' })}
                >
                  <option value="all">all</option>
                  <option value="any">any</option>
                </select>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Move case ${n} up`}
                  disabled={readOnly || i === 0}
                  onClick={() => reorder(i, i - 1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Move case ${n} down`}
                  disabled={readOnly || i === cases.length - 1}
                  onClick={() => reorder(i, i + 1)}
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Remove case ${n}`}
                  title={cases.length === 1 ? 'A switch needs at least one case' : 'Remove case'}
                  disabled={readOnly || cases.length === 1}
                  onClick={() => {
                    rows.removed(i);
                    setDraft(key, null);
                    onChange(cases.filter((_, j) => j !== i));
                  }}
                >
                  ×
                </button>
              </div>
              {problem && (
                <p className="field-error" id={errorId}>
                  {problem}
                </p>
              )}
              <ConditionList
                conditions={c.conditions}
                onChange={(conditions: Condition[]) => update(i, { conditions })}
                readOnly={readOnly}
                rowLabel={(j) => `Case ${n} condition ${j + 1}`}
              />
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
            onChange([...cases, { name: newCaseName(names), combine: 'all', conditions: [] }]);
          }}
        >
          + Add case
        </button>
      )}
      <p className="muted widget-note">No case matches: the input goes to default.</p>
    </fieldset>
  );
}
