import type { NodeCategory, NodeTypeEntry } from '@switchyard/shared';
import { useNodeTypes } from '../api/useNodeTypes.ts';
import { ErrorNotice } from '../ErrorNotice.tsx';
import { NodeIcon } from '../NodeIcon.tsx';
import { knownToThisApp } from '../node-skew.ts';

const CATEGORIES = [
  ['triggers', 'Triggers'],
  ['code', 'Code'],
  ['flow', 'Flow'],
  ['outputs', 'Outputs'],
] as const satisfies readonly (readonly [NodeCategory, string])[];

function byCategory(nodeTypes: NodeTypeEntry[]) {
  const known = CATEGORIES.map(([id, label]) => ({ id, label, items: nodeTypes.filter((t) => t.category === id) }));
  const other = nodeTypes.filter((t) => !CATEGORIES.some(([id]) => id === t.category));
  return [...known, { id: 'other', label: 'Other', items: other }].filter((group) => group.items.length > 0);
}

/** The node types the server offers, grouped as the editor's palette will show them. */
export function NodePalette() {
  const nodeTypes = useNodeTypes();
  return (
    <aside className="panel" aria-labelledby="palette-heading">
      <div className="panel-head">
        <h2 id="palette-heading">Node types</h2>
      </div>
      {nodeTypes.isPending && <p className="muted">Loading node types…</p>}
      {nodeTypes.isError && <ErrorNotice error={nodeTypes.error} onRetry={() => void nodeTypes.refetch()} />}
      {nodeTypes.data &&
        byCategory(nodeTypes.data).map((group) => (
          <section key={group.id} className="palette-group" aria-label={group.label}>
            <h3>{group.label}</h3>
            <ul>
              {group.items.map((t) => (
                <li key={t.type} className="palette-item" title={t.description}>
                  <NodeIcon name={t.icon} />
                  <span>{t.title}</span>
                  {!knownToThisApp(t) && (
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
