import type { CompileError } from '@switchyard/shared';
import { useEditorApi } from '../store/EditorStoreProvider.tsx';
import type { NodeData } from '../store/flow-types.ts';
import { FieldRow } from './FieldRow.tsx';
import type { FieldDescriptor } from './form-fields.ts';

const NONE: readonly CompileError[] = [];

/** The generated config form: one row per field descriptor, bound to `updateConfig`. */
export function ConfigForm({
  nodeId,
  data,
  fields,
  problems,
  readOnly,
}: {
  nodeId: string;
  data: NodeData;
  fields: readonly FieldDescriptor[];
  problems: ReadonlyMap<string, readonly CompileError[]>;
  readOnly: boolean;
}) {
  const store = useEditorApi();
  if (fields.length === 0) return <p className="muted inspector-none">This node has nothing to configure.</p>;
  return (
    <fieldset className="inspector-fields" disabled={readOnly} aria-label="Configuration">
      {fields.map((field) => (
        <FieldRow
          key={field.key}
          idPrefix={`config-${nodeId}`}
          field={field}
          value={data.config[field.key]}
          onChange={(value, options) => store.getState().updateConfig(nodeId, { [field.key]: value }, options)}
          readOnly={readOnly}
          problems={problems.get(field.key) ?? NONE}
          nodeId={nodeId}
          nodeType={data.type}
          config={data.config}
        />
      ))}
    </fieldset>
  );
}
