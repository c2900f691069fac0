import type { PortSpec } from '@switchyard/shared';
import { Handle, type NodeProps, Position, useUpdateNodeInternals } from '@xyflow/react';
import { memo, useEffect, useMemo, useRef } from 'react';
import { NodeIcon } from '../../NodeIcon.tsx';
import { definitionOf, subtitleOf } from '../../node-registry/definitions.ts';
import { useNodeRegistry } from '../../node-registry/NodeRegistryProvider.tsx';
import { skipOf } from '../run/skip-reasons.ts';
import { useEditor } from '../store/EditorStoreProvider.tsx';
import type { FlowNode } from '../store/flow-types.ts';
import { portsOf } from '../store/ports.ts';
import { selectNodeProblems, selectNodeRun } from '../store/selectors.ts';
import { NodeStatusBadge } from './NodeStatusBadge.tsx';

function PortRow({ port, kind }: { port: PortSpec; kind: 'target' | 'source' }) {
  const optional = kind === 'target' && port.required === false;
  return (
    <div className={`port port-${kind === 'target' ? 'in' : 'out'}`} data-port={port.name}>
      <Handle
        type={kind}
        id={port.name}
        position={kind === 'target' ? Position.Left : Position.Right}
        className={`handle handle-${port.type}`}
        title={`${port.name}: ${port.type}${optional ? ' (optional)' : ''}${port.multiple ? ' (many)' : ''}`}
      />
      <span className="port-name">{port.name}</span>
      {port.type !== 'any' && <span className="port-type">{port.type}</span>}
      {optional && <span className="port-type">opt</span>}
    </div>
  );
}

/**
 * Every node type renders through this one component: title, icon and subtitle from its definition,
 * handles from its typed ports, compile errors and live run status from narrow store selectors.
 */
export const WorkflowNodeView = memo(function WorkflowNodeView({ id, data, selected }: NodeProps<FlowNode>) {
  const registry = useNodeRegistry();
  const def = definitionOf(registry, data.type);
  const ports = portsOf(registry, data);
  const problems = useEditor(useMemo(() => selectNodeProblems(id), [id]));
  const run = useEditor(useMemo(() => selectNodeRun(id), [id]));
  const title = data.label || def?.title || data.type;
  const subtitle = useMemo(() => subtitleOf(def, data.config), [def, data.config]);
  const skip = skipOf(run);
  // React Flow measures handles only when a node resizes; a renamed port keeps the size, so its edge
  // would point at a handle React Flow does not know. Re-measure whenever the port names change.
  const updateInternals = useUpdateNodeInternals();
  const portKey = `${ports.inputs.map((p) => p.name).join(',')}|${ports.outputs.map((p) => p.name).join(',')}`;
  const measuredKey = useRef(portKey);
  useEffect(() => {
    // Not on mount: React Flow measures new nodes itself (and 1,000 extra measurements would slow opening).
    if (measuredKey.current === portKey) return;
    measuredKey.current = portKey;
    updateInternals(id);
  }, [id, portKey, updateInternals]);
  return (
    <div
      className="wf-node"
      data-testid="workflow-node"
      data-selected={selected || undefined}
      data-status={run?.status}
      data-skip={skip?.code}
      data-invalid={problems.length > 0 || undefined}
      data-type={data.type}
    >
      <div className="wf-node-head">
        <span className="wf-node-icon">
          <NodeIcon icon={def?.icon} />
        </span>
        <span className="wf-node-title" title={title}>
          {title}
        </span>
        {run && <NodeStatusBadge state={run} />}
      </div>
      <div className="wf-node-sub">
        <span className="wf-node-id">{id}</span>
        {subtitle && (
          <span className="wf-node-tag" title={subtitle} data-testid="node-subtitle">
            {subtitle}
          </span>
        )}
      </div>
      {(ports.inputs.length > 0 || ports.outputs.length > 0) && (
        <div className="wf-node-ports">
          <div className="ports-in">
            {ports.inputs.map((p) => (
              <PortRow key={p.name} port={p} kind="target" />
            ))}
          </div>
          <div className="ports-out">
            {ports.outputs.map((p) => (
              <PortRow key={p.name} port={p} kind="source" />
            ))}
          </div>
        </div>
      )}
      {problems.length > 0 && (
        <div className="wf-node-problems" role="alert" data-testid="node-problem">
          <span className="problem-badge" title={`${problems.length} problem${problems.length === 1 ? '' : 's'}`}>
            {problems.length}
          </span>
          <span className="wf-node-problem-text">{problems[0]?.message}</span>
        </div>
      )}
      {run?.status === 'failed' && run.error && (
        <div className="wf-node-error" role="alert" data-testid="node-run-error">
          {run.error.message}
        </div>
      )}
      {skip && (
        <div className="wf-node-skip" title={skip.reason} data-testid="node-skip">
          {skip.label}
        </div>
      )}
    </div>
  );
});
