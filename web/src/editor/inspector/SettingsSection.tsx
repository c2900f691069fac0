import { type EditorHint, NodeSettingsSchema } from '@switchyard/shared';
import { useMemo, useState } from 'react';
import { useEditorApi } from '../store/EditorStoreProvider.tsx';
import type { NodeData } from '../store/flow-types.ts';
import { FieldRow } from './FieldRow.tsx';
import { formFields } from './form-fields.ts';

/** Labels for the engine settings every node has (the schema in `shared/` is their single source). */
const SETTINGS_HINTS: Record<string, EditorHint> = {
  retries: { widget: 'number', label: 'Retries', help: 'Extra attempts after a failure (0 runs once).' },
  retryBackoffMs: {
    widget: 'number',
    label: 'Retry backoff (ms)',
    help: 'Delay before the first retry; doubles for each further retry.',
  },
  continueOnError: {
    widget: 'toggle',
    label: 'Continue on error',
    help: 'A failure does not fail the run: successors receive { error } instead of a value.',
  },
};

const FIELDS = formFields(NodeSettingsSchema, SETTINGS_HINTS);
const DEFAULTS: Record<string, unknown> = NodeSettingsSchema.parse({});
const SHAPE = NodeSettingsSchema.shape as Record<
  string,
  (typeof NodeSettingsSchema.shape)[keyof typeof NodeSettingsSchema.shape]
>;

/**
 * Invalid settings make the whole graph invalid (they are not a node's config), so values are checked here
 * against the shared schema and only valid ones are written.
 */
function validator(key: string) {
  return (value: unknown) => {
    if (value === undefined) return null;
    const result = SHAPE[key]?.safeParse(value);
    return !result || result.success ? null : (result.error.issues[0]?.message ?? 'invalid value');
  };
}

/** Retries, backoff and continue-on-error, collapsed by default unless a value differs from its default. */
export function SettingsSection({ nodeId, data, readOnly }: { nodeId: string; data: NodeData; readOnly: boolean }) {
  const store = useEditorApi();
  const settings = data.settings ?? {};
  // Decided once per node: re-deciding while the user edits would fold the section under their cursor.
  const [open] = useState(() => Object.entries(settings).some(([key, value]) => value !== undefined && value !== DEFAULTS[key]));
  const validators = useMemo(() => new Map(FIELDS.map((f) => [f.key, validator(f.key)])), []);
  return (
    <details className="inspector-section settings" open={open}>
      <summary>Settings</summary>
      <fieldset className="inspector-fields" disabled={readOnly} aria-label="Settings">
        {FIELDS.map((field) => (
          <FieldRow
            key={field.key}
            idPrefix={`settings-${nodeId}`}
            field={field}
            value={settings[field.key as keyof typeof settings]}
            onChange={(value) => store.getState().updateSettings(nodeId, { [field.key]: value })}
            validate={validators.get(field.key)}
            readOnly={readOnly}
            problems={[]}
            nodeId={nodeId}
            nodeType={data.type}
            config={data.config}
          />
        ))}
      </fieldset>
    </details>
  );
}
