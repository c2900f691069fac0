import { type NodeCategory, nodeDefinitions } from '@switchyard/shared';
import { useReactFlow } from '@xyflow/react';
import { useMemo, useState } from 'react';
import { NodeIcon } from '../../NodeIcon.tsx';
import { useEditorApi } from '../store/EditorStoreProvider.tsx';

/** Drag payload type: the node type being dragged from the palette. */
export const PALETTE_MIME = 'application/x-switchyard-node';

const CATEGORIES: readonly (readonly [NodeCategory, string])[] = [
  ['triggers', 'Triggers'],
  ['code', 'Code'],
  ['flow', 'Flow'],
  ['outputs', 'Outputs'],
];

/** Node types from the shared registry, grouped by category: drag onto the canvas, or click / Enter to add. */
export function Palette() {
  const store = useEditorApi();
  const flow = useReactFlow();
  const [query, setQuery] = useState('');
  const groups = useMemo(() => {
    const q = query.trim().toLowerCase();
    const defs = Object.values(nodeDefinitions).filter(
      (d) => !q || d.title.toLowerCase().includes(q) || d.type.includes(q) || d.description.toLowerCase().includes(q),
    );
    return CATEGORIES.map(([id, label]) => ({ id, label, items: defs.filter((d) => d.category === id) })).filter(
      (g) => g.items.length > 0,
    );
  }, [query]);

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
      {groups.map((group) => (
        <section key={group.id} aria-label={group.label} className="palette-group">
          <h3>{group.label}</h3>
          <ul>
            {group.items.map((def) => (
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
                  <NodeIcon name={def.icon} />
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
