import { useMemo } from 'react';
import { definitionOf } from '../../node-registry/definitions.ts';
import { useNodeRegistry } from '../../node-registry/NodeRegistryProvider.tsx';
import { nodePanels } from '../../nodes/panels.ts';
import { useEditor } from '../store/EditorStoreProvider.tsx';
import { indexNodes } from '../store/editor-store.ts';
import { selectNodeProblems, selectReadOnly } from '../store/selectors.ts';
import { ConfigForm } from './ConfigForm.tsx';
import { splitProblems } from './field-problems.ts';
import { fieldsOf } from './form-fields.ts';
import { InspectorHeader } from './InspectorHeader.tsx';
import { SettingsSection } from './SettingsSection.tsx';

/** Everything about one node: header, its problems not tied to a field, the generated form, settings. */
export function NodeInspector({ nodeId }: { nodeId: string }) {
  const data = useEditor((s) => indexNodes(s.nodes).get(nodeId)?.data);
  const readOnly = useEditor(selectReadOnly);
  const workflowId = useEditor((s) => s.workflowId);
  const problems = useEditor(useMemo(() => selectNodeProblems(nodeId), [nodeId]));
  const registry = useNodeRegistry();
  const def = data ? definitionOf(registry, data.type) : undefined;
  const allFields = useMemo(() => (def ? fieldsOf(def) : []), [def]);
  const config = data?.config;
  // Fields the definition hides for this config (a JSON body unless the body type is JSON, say).
  const fields = useMemo(() => (config ? allFields.filter((f) => !f.hidden?.(config)) : allFields), [allFields, config]);
  const split = useMemo(() => splitProblems(problems, new Set(fields.map((f) => f.key))), [problems, fields]);
  if (!data) return null;
  // A node type's own panel (the exception, see nodes/panels.ts); own keys only.
  const Panel = Object.hasOwn(nodePanels, data.type) ? nodePanels[data.type] : undefined;
  return (
    <section className="inspector" aria-label="Inspector" data-node-id={nodeId}>
      <InspectorHeader nodeId={nodeId} data={data} def={def} readOnly={readOnly} />
      {split.other.length > 0 && (
        <ul className="inspector-problems" aria-label="Problems with this node">
          {split.other.map((p) => (
            <li key={`${p.code}:${p.message}`} className="field-error">
              {p.message}
            </li>
          ))}
        </ul>
      )}
      {Panel && <Panel nodeId={nodeId} data={data} readOnly={readOnly} config={data.config} workflowId={workflowId} />}
      {def && <ConfigForm nodeId={nodeId} data={data} fields={fields} problems={split.byField} readOnly={readOnly} />}
      <SettingsSection nodeId={nodeId} data={data} readOnly={readOnly} />
    </section>
  );
}
