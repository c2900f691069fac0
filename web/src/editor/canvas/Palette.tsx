import { groupByCategory } from '@switchyard/shared';
import { useReactFlow } from '@xyflow/react';
import { useMemo, useState } from 'react';
import { NodeIcon } from '../../NodeIcon.tsx';
import { useNodeRegistry } from '../../node-registry/NodeRegistryProvider.tsx';
import { useEditorApi } from '../store/EditorStoreProvider.tsx';

/** Drag payload type: the node type being dragged from the palette. */
export const PALETTE_MIME = 'application/x-switchyard-node';

/**
 * The editor's node types grouped by the categories their definitions declare (in each category's `order`):
 * drag onto the canvas, or click / Enter to add.
 */
export function Palette() {
  const store = useEditorApi();
  const registry = useNodeRegistry();
  const flow = useReactFlow();
  const [query, setQuery] = useState('');
  const groups = useMemo(() => {
    const q = query.trim().toLowerCase();
    const defs = Object.values(registry).filter(
      (d) => !q || d.title.toLowerCase().includes(q) || d.type.includes(q) || d.description.toLowerCase().includes(q),
    );
    return groupByCategory(defs);
  }, [query, registry]);

  // Added by click or keyboard: centre of the visible canvas, nudged so repeated adds do not stack.
  const addAtCentre = (type: string) => {
    const pane = document.querySelector('.editor-canvas')?.getBoundingClientRect();
    const centre = pane
      ? flow.screenToFlowPosition({ x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 })
      : { x: 0, y: 0 };
    const n = store.getState().nodes.length % 6;
    store.getState().addNode(type, { x: centre.x - 110 + n * 24, y: centre.y - 40 + n * 24 });
  };

  return (
    <nav className="palette" aria-label="Node palette">
      <input
        className="input palette-search"
        type="search"
        placeholder="Search nodes"
        aria-label="Search nodes"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      {groups.map(({ category, items }) => (
        <section key={category.id} aria-label={category.label} className="palette-group" data-category={category.id}>
          <h3>{category.label}</h3>
          <ul>
            {items.map((def) => (
              <li key={def.type}>
                <button
                  type="button"
                  className="palette-entry"
                  draggable
                  data-node-type={def.type}
                  title={`${def.description}\nDrag onto the canvas, or click to add.`}
                  onDragStart={(e) => {
                    e.dataTransfer.setData(PALETTE_MIME, def.type);
                    e.dataTransfer.effectAllowed = 'copy';
                  }}
                  onClick={() => addAtCentre(def.type)}
                >
                  <NodeIcon icon={def.icon} />
                  <span>{def.title}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
      {groups.length === 0 && <p className="muted">No node type matches “{query}”.</p>}
    </nav>
  );
}
