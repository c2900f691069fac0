import { checkConnection, defaultRegistry, type NodeRegistry } from '@switchyard/shared';
import { applyEdgeChanges, applyNodeChanges } from '@xyflow/react';
import { createStore } from 'zustand/vanilla';
import { definitionOf } from '../../node-registry/definitions.ts';
import { type ClipboardContent, copyOf, freshEdgeId, freshNodeId, pasteOf } from './clipboard.ts';
import type { EditorDocument, EditorState } from './editor-state.ts';
import { type FlowEdge, type FlowNode, type NodeData, toFlow, toGraph, withoutEstimates } from './flow-types.ts';
import { emptyHistory, record, type Snapshot } from './history.ts';
import { layoutPositions } from './layout.ts';
import { portsOf } from './ports.ts';
import { applyRunEvents, emptyRun, withRunSnapshot } from './run-state.ts';

export type { EditorDocument, EditorState, Notice } from './editor-state.ts';

export type EditorStore = ReturnType<typeof createEditorStore>;

const PASTE_OFFSET = { x: 40, y: 40 };

export interface EditorStoreOptions {
  /** The node types this editor renders and edits (default: the shared registry; tests add their own). */
  registry?: NodeRegistry;
}

/** Creates one editor's store; `EditorStoreProvider` makes one per open workflow. */
export function createEditorStore(initial?: EditorDocument, { registry = defaultRegistry }: EditorStoreOptions = {}) {
  const portsFor = (data: NodeData) => portsOf(registry, data);
  return createStore<EditorState>()((set, get) => {
    let noticeId = 0;
    /** Applies a document edit as one undo step (`key` coalesces bursts such as typing). */
    const edit = (change: Partial<EditorState>, options: { key?: string | null; structural?: boolean } = {}) => {
      const s = get();
      if (s.readOnly) return;
      const before: Snapshot = { nodes: s.nodes, edges: s.edges };
      set({
        ...change,
        history: record(s.history, before, options.key ?? null, Date.now()),
        revision: s.revision + 1,
        structureRevision: s.structureRevision + (options.structural === false ? 0 : 1),
      });
    };
    const mapNode = (nodeId: string, fn: (data: NodeData) => NodeData) =>
      get().nodes.map((n) => (n.id === nodeId ? { ...n, data: fn(n.data) } : n));
    const connectionContext = () => {
      const { nodes, edges } = get();
      const byId = indexNodes(nodes);
      return {
        ports: (id: string) => {
          const node = byId.get(id);
          return node ? portsFor(node.data) : undefined;
        },
        edges,
      };
    };

    const fromDoc = (doc?: EditorDocument) => {
      const flow = doc ? toFlow(doc.graph, registry) : { nodes: [], edges: [] };
      return {
        workflowId: doc?.workflowId ?? null,
        name: doc?.name ?? 'Untitled workflow',
        savedVersion: doc?.version ?? null,
        readOnly: doc?.readOnly ?? false,
        nodes: flow.nodes,
        edges: flow.edges,
        settings: doc?.graph.settings ?? {},
        revision: 0,
        savedRevision: 0,
        structureRevision: 0,
        history: emptyHistory(),
        dragging: false,
        problems: [],
        problemsRevision: -1,
        run: null,
      };
    };

    return {
      ...fromDoc(initial),
      clipboard: null,
      notice: null,

      load: (doc) => set(fromDoc(doc)),
      replaceGraph: (graph) => {
        const flow = toFlow(graph, registry);
        edit({ nodes: flow.nodes, edges: flow.edges, settings: graph.settings ?? {} });
      },
      markSaved: (version, revision) => set({ savedVersion: version, savedRevision: revision }),
      rename: (name) => set({ name }),
      graph: () => {
        const { nodes, edges, settings } = get();
        const graph = toGraph(nodes, edges);
        return Object.keys(settings).length > 0 ? { ...graph, settings } : graph;
      },
      updateWorkflowSettings: (patch) => {
        const s = get();
        if (s.readOnly) return;
        set({ settings: { ...s.settings, ...patch }, revision: s.revision + 1, structureRevision: s.structureRevision + 1 });
      },

      onNodesChange: (changes) => {
        const s = get();
        const editable = s.readOnly ? changes.filter((c) => c.type === 'select' || c.type === 'dimensions') : changes;
        if (editable.length === 0) return;
        let nodes = applyNodeChanges(editable, s.nodes);
        const measured = new Set(editable.flatMap((c) => (c.type === 'dimensions' ? [c.id] : [])));
        if (measured.size > 0) nodes = nodes.map((n) => (measured.has(n.id) ? withoutEstimates(n) : n));
        const moving = editable.some((c) => c.type === 'position' && c.dragging);
        const moved = editable.some((c) => c.type === 'position');
        const removed = editable.some((c) => c.type === 'remove' || c.type === 'add' || c.type === 'replace');
        if (removed) return edit({ nodes });
        if (moved && moving && !s.dragging) {
          // First frame of a drag: the position before it is one undo step.
          set({
            nodes,
            dragging: true,
            history: record(s.history, { nodes: s.nodes, edges: s.edges }, null, Date.now()),
            revision: s.revision + 1,
          });
          return;
        }
        if (moved) return set({ nodes, dragging: moving, revision: s.revision + 1 });
        set({ nodes });
      },
      onEdgesChange: (changes) => {
        const s = get();
        const editable = s.readOnly ? changes.filter((c) => c.type === 'select') : changes;
        if (editable.length === 0) return;
        const edges = applyEdgeChanges(editable, s.edges) as FlowEdge[];
        if (editable.some((c) => c.type !== 'select')) edit({ edges });
        else set({ edges });
      },
      canConnect: (c) => {
        if (get().readOnly || !c.sourceHandle || !c.targetHandle) return false;
        return checkConnection(connectionContext(), {
          source: c.source,
          sourceHandle: c.sourceHandle,
          target: c.target,
          targetHandle: c.targetHandle,
        }).ok;
      },
      connect: (c) => {
        const s = get();
        if (s.readOnly) return false;
        if (!c.sourceHandle || !c.targetHandle) return false;
        const proposed = { source: c.source, sourceHandle: c.sourceHandle, target: c.target, targetHandle: c.targetHandle };
        const verdict = checkConnection(connectionContext(), proposed);
        if (!verdict.ok) {
          get().notify(`Connection refused: ${verdict.message}`);
          return false;
        }
        const drop = new Set(verdict.replaces);
        const kept = s.edges.filter((_, i) => !drop.has(i));
        const id = freshEdgeId(proposed, new Set(kept.map((e) => e.id)));
        edit({ edges: [...kept, { id, ...proposed }] });
        return true;
      },

      addNode: (type, position) => {
        const s = get();
        const def = definitionOf(registry, type);
        if (s.readOnly || !def) return null;
        if (def.singleton && s.nodes.some((n) => n.data.type === type)) {
          get().notify(`A workflow can have only one ${def.title} node.`);
          return null;
        }
        const id = freshNodeId(type, new Set(s.nodes.map((n) => n.id)));
        const config = def.config.parse({}) as Record<string, unknown>;
        const node: FlowNode = {
          id,
          type: 'workflow',
          position: { x: Math.round(position.x), y: Math.round(position.y) },
          data: { type, version: def.version, config },
          selected: true,
        };
        edit({ nodes: [...s.nodes.map(deselect), node], edges: s.edges.map(deselectEdge) });
        return id;
      },
      updateConfig: (nodeId, patch, options = {}) => {
        const nodes = mapNode(nodeId, (data) => {
          const config = { ...data.config };
          for (const [k, v] of Object.entries(patch)) {
            if (v === undefined) delete config[k];
            else config[k] = v;
          }
          return { ...data, config };
        });
        const renames = options.renamedOutputs ?? {};
        const edges =
          Object.keys(renames).length === 0
            ? undefined
            : get().edges.map((e) =>
                e.source === nodeId && e.sourceHandle && Object.hasOwn(renames, e.sourceHandle)
                  ? { ...e, sourceHandle: renames[e.sourceHandle] as string }
                  : e,
              );
        edit(edges ? { nodes, edges } : { nodes }, { key: `config:${nodeId}:${Object.keys(patch).sort().join(',')}` });
      },
      setPorts: (nodeId, direction, ports, renames = {}) => {
        const s = get();
        const nodes = mapNode(nodeId, (data) => ({ ...data, config: { ...data.config, [direction]: ports } }));
        const node = nodes.find((n) => n.id === nodeId);
        if (!node) return;
        const names = new Set(portsFor(node.data)[direction].map((p) => p.name));
        const handle = direction === 'inputs' ? 'targetHandle' : 'sourceHandle';
        const end = direction === 'inputs' ? 'target' : 'source';
        const edges = s.edges.flatMap((e) => {
          if (e[end] !== nodeId) return [e];
          const name = renames[e[handle]] ?? e[handle];
          if (!names.has(name)) return [];
          return [name === e[handle] ? e : { ...e, [handle]: name }];
        });
        edit({ nodes, edges });
      },
      setLabel: (nodeId, label) =>
        edit(
          {
            nodes: mapNode(nodeId, (data) => {
              const { label: _old, ...rest } = data;
              return label.trim() === '' ? rest : { ...rest, label };
            }),
          },
          { key: `label:${nodeId}` },
        ),
      updateSettings: (nodeId, patch) =>
        edit(
          { nodes: mapNode(nodeId, (data) => ({ ...data, settings: { ...data.settings, ...patch } })) },
          { key: `settings:${nodeId}:${Object.keys(patch).sort().join(',')}` },
        ),
      selectOnly: (nodeIds) => {
        const wanted = new Set(nodeIds);
        set((s) => ({
          nodes: s.nodes.map((n) => (wanted.has(n.id) === Boolean(n.selected) ? n : { ...n, selected: wanted.has(n.id) })),
          edges: s.edges.map(deselectEdge),
        }));
      },
      selectAll: () =>
        set((s) => ({
          nodes: s.nodes.map((n) => (n.selected ? n : { ...n, selected: true })),
          edges: s.edges.map((e) => (e.selected ? e : { ...e, selected: true })),
        })),
      deleteSelection: () => {
        const s = get();
        const gone = new Set(s.nodes.filter((n) => n.selected).map((n) => n.id));
        const edges = s.edges.filter((e) => !e.selected && !gone.has(e.source) && !gone.has(e.target));
        if (gone.size === 0 && edges.length === s.edges.length) return;
        edit({ nodes: s.nodes.filter((n) => !gone.has(n.id)), edges });
      },
      copySelection: () => {
        const content = copyOf(get().nodes, get().edges);
        if (content) set({ clipboard: content });
        return content;
      },
      paste: (content, offset = PASTE_OFFSET) => {
        const s = get();
        const source = content ?? s.clipboard;
        if (s.readOnly || !source) return;
        const pasted = pasteOf(source, { nodes: s.nodes, edges: s.edges, offset, registry });
        if (pasted.skipped.length > 0) get().notify('The trigger was not pasted: a workflow has only one.');
        if (pasted.nodes.length === 0) return;
        edit({
          nodes: [...s.nodes.map(deselect), ...pasted.nodes],
          edges: [...s.edges.map(deselectEdge), ...pasted.edges],
          // The next paste of the same content lands a further step away.
          clipboard: content ? s.clipboard : shiftClipboard(source, offset),
        });
      },
      duplicateSelection: () => {
        const content = copyOf(get().nodes, get().edges);
        if (content) get().paste(content);
      },
      undo: () => {
        const s = get();
        const before = s.history.past.at(-1);
        if (s.readOnly || !before) return;
        set({
          nodes: before.nodes,
          edges: before.edges,
          history: {
            past: s.history.past.slice(0, -1),
            future: [...s.history.future, { nodes: s.nodes, edges: s.edges }],
            lastKey: null,
            lastAt: 0,
          },
          revision: s.revision + 1,
          structureRevision: s.structureRevision + 1,
        });
      },
      redo: () => {
        const s = get();
        const after = s.history.future.at(-1);
        if (s.readOnly || !after) return;
        set({
          nodes: after.nodes,
          edges: after.edges,
          history: {
            past: [...s.history.past, { nodes: s.nodes, edges: s.edges }],
            future: s.history.future.slice(0, -1),
            lastKey: null,
            lastAt: 0,
          },
          revision: s.revision + 1,
          structureRevision: s.structureRevision + 1,
        });
      },
      autoLayout: () => {
        const s = get();
        if (s.nodes.length === 0) return;
        const positions = layoutPositions(s.nodes, s.edges);
        edit({ nodes: s.nodes.map((n) => ({ ...n, position: positions.get(n.id) ?? n.position })) }, { structural: false });
      },
      setProblems: (problems, forRevision) => set({ problems, problemsRevision: forRevision }),
      notify: (message) => set({ notice: { message, id: ++noticeId } }),

      beginRun: (runId, workflowVersion = null) =>
        set((s) => ({
          run: emptyRun(
            runId,
            s.nodes.map((n) => n.id),
            workflowVersion,
          ),
        })),
      applyRunEvents: (events) =>
        set((s) =>
          s.run && events.length > 0 && events[0]?.runId === s.run.runId ? { run: applyRunEvents(s.run, events) } : {},
        ),
      applyRunSnapshot: (run) =>
        set((s) => ({
          run: withRunSnapshot(
            s.run?.runId === run.id
              ? s.run
              : emptyRun(
                  run.id,
                  s.nodes.map((n) => n.id),
                ),
            run,
          ),
        })),
      clearRun: () => set({ run: null }),
    };
  });
}

const deselect = (n: FlowNode): FlowNode => (n.selected ? { ...n, selected: false } : n);
const deselectEdge = (e: FlowEdge): FlowEdge => (e.selected ? { ...e, selected: false } : e);

const indexCache = new WeakMap<readonly FlowNode[], Map<string, FlowNode>>();
/** id → node for one nodes array (cached: `isValidConnection` runs on every hovered handle). */
export function indexNodes(nodes: readonly FlowNode[]): Map<string, FlowNode> {
  let index = indexCache.get(nodes);
  if (!index) {
    index = new Map(nodes.map((n) => [n.id, n]));
    indexCache.set(nodes, index);
  }
  return index;
}

function shiftClipboard(content: ClipboardContent, offset: { x: number; y: number }): ClipboardContent {
  return {
    ...content,
    nodes: content.nodes.map((n) => ({ ...n, position: { x: n.position.x + offset.x, y: n.position.y + offset.y } })),
  };
}
