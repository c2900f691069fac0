import type { FlowEdge, FlowNode } from './flow-types.ts';

/** One undo step: the document before a change. Node objects are immutable, so this is two array references. */
export interface Snapshot {
  nodes: FlowNode[];
  edges: FlowEdge[];
}

export const HISTORY_LIMIT = 200;
/** Edits with the same key within this window (typing in one field) are one undo step. */
export const COALESCE_MS = 1_000;

export interface HistoryState {
  past: Snapshot[];
  future: Snapshot[];
  /** Key and time of the last recorded edit, for coalescing. */
  lastKey: string | null;
  lastAt: number;
}

export const emptyHistory = (): HistoryState => ({ past: [], future: [], lastKey: null, lastAt: 0 });

/** Records `before` as an undo step unless it continues the previous edit with the same key. */
export function record(history: HistoryState, before: Snapshot, key: string | null, now: number): HistoryState {
  if (key !== null && key === history.lastKey && now - history.lastAt < COALESCE_MS)
    return { ...history, lastAt: now, future: [] };
  const past = [...history.past, before];
  if (past.length > HISTORY_LIMIT) past.shift();
  return { past, future: [], lastKey: key, lastAt: now };
}
