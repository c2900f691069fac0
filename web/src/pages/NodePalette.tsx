import { groupByCategory } from '@switchyard/shared';
import { useMemo } from 'react';
import { useNodeTypes } from '../api/useNodeTypes.ts';
import { ErrorNotice } from '../ErrorNotice.tsx';
import { NodeIcon } from '../NodeIcon.tsx';
import { useNodeRegistry } from '../node-registry/NodeRegistryProvider.tsx';
import { knownToThisApp } from '../node-skew.ts';

/** The node types the server offers, grouped by the categories they declare, as the editor's palette shows them. */
export function NodePalette() {
  const nodeTypes = useNodeTypes();
  const registry = useNodeRegistry();
  const groups = useMemo(() => (nodeTypes.data ? groupByCategory(nodeTypes.data) : []), [nodeTypes.data]);
  return (
    <aside className="panel" aria-labelledby="palette-heading">
      <div className="panel-head">
        <h2 id="palette-heading">Node types</h2>
      </div>
      {nodeTypes.isPending && <p className="muted">Loading node types…</p>}
      {nodeTypes.isError && <ErrorNotice error={nodeTypes.error} onRetry={() => void nodeTypes.refetch()} />}
      {groups.map(({ category, items }) => (
        <section key={category.id} className="palette-group" aria-label={category.label}>
          <h3>{category.label}</h3>
          <ul>
            {items.map((t) => (
              <li key={t.type} className="palette-item" title={t.description}>
                <NodeIcon icon={t.icon} />
                <span>{t.title}</span>
                {!knownToThisApp(t, registry) && (
                  <span className="tag tag-warn" title="The server is newer than this page; reload to edit this node type">
                    reload
                  </span>
                )}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </aside>
  );
}
