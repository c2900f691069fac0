import type { CompileError } from '@switchyard/shared';
import type { EditorState } from './editor-store.ts';

/** Named selectors: components subscribe to the narrowest slice they render. */
export const selectNodes = (s: EditorState) => s.nodes;
export const selectEdges = (s: EditorState) => s.edges;
export const selectDirty = (s: EditorState) => s.revision !== s.savedRevision;
export const selectReadOnly = (s: EditorState) => s.readOnly;
export const selectCanUndo = (s: EditorState) => s.history.past.length > 0 && !s.readOnly;
export const selectCanRedo = (s: EditorState) => s.history.future.length > 0 && !s.readOnly;
export const selectProblems = (s: EditorState) => s.problems;
export const selectRun = (s: EditorState) => s.run;
export const selectNotice = (s: EditorState) => s.notice;

/** The single selected node's id, or null when none or several are selected. */
export const selectSelectedNodeId = (s: EditorState): string | null => {
  let found: string | null = null;
  for (const n of s.nodes) {
    if (!n.selected) continue;
    if (found !== null) return null;
    found = n.id;
  }
  return found;
};

const NO_ERRORS: CompileError[] = [];
const byNode = new WeakMap<CompileError[], Map<string, CompileError[]>>();
/** Errors located on one node (cycles count for every node on the cycle). Stable array per problems list. */
export const selectNodeProblems =
  (nodeId: string) =>
  (s: EditorState): CompileError[] => {
    let index = byNode.get(s.problems);
    if (!index) {
      index = new Map();
      for (const p of s.problems) {
        for (const id of new Set([...(p.nodeId ? [p.nodeId] : []), ...(p.nodeIds ?? [])])) {
          const list = index.get(id);
          if (list) list.push(p);
          else index.set(id, [p]);
        }
      }
      byNode.set(s.problems, index);
    }
    return index.get(nodeId) ?? NO_ERRORS;
  };

export const selectNodeRun = (nodeId: string) => (s: EditorState) => s.run?.nodes[nodeId] ?? null;
/** Every node's state in the shown run (a new object only when some node's state changed), or null. */
export const selectRunNodes = (s: EditorState) => s.run?.nodes ?? null;
