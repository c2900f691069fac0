import type { NodeDefinition } from '@switchyard/shared';
import { NodeIcon } from '../../NodeIcon.tsx';
import { useEditorApi } from '../store/EditorStoreProvider.tsx';
import type { NodeData } from '../store/flow-types.ts';

/** Title, type and id of the node, its editable label, and what the node type does. */
export function InspectorHeader({
  nodeId,
  data,
  def,
  readOnly,
}: {
  nodeId: string;
  data: NodeData;
  def: NodeDefinition | undefined;
  readOnly: boolean;
}) {
  const store = useEditorApi();
  const labelId = `inspector-label-${nodeId}`;
  return (
    <header className="inspector-header">
      <div className="inspector-title">
        <span className="inspector-icon">
          <NodeIcon icon={def?.icon} />
        </span>
        <h2>{def?.title ?? data.type}</h2>
        <span className="tag" title="Node type and definition version">
          {data.type}
          {def ? ` v${data.version ?? def.version}` : ''}
        </span>
      </div>
      <p className="inspector-id muted">
        id <code>{nodeId}</code>
      </p>
      <label className="field-label" htmlFor={labelId}>
        Label
      </label>
      <input
        id={labelId}
        className="input field-input"
        type="text"
        value={data.label ?? ''}
        placeholder={def?.title ?? nodeId}
        readOnly={readOnly}
        maxLength={200}
        onChange={(e) => store.getState().setLabel(nodeId, e.target.value)}
      />
      {def ? (
        <p className="inspector-description muted">{def.description}</p>
      ) : (
        <p className="inspector-description field-error">
          This editor does not know the node type “{data.type}”, so its configuration cannot be edited here.
        </p>
      )}
    </header>
  );
}
