/** The editor store's shape: document, history, problems, the shown run, and the actions on them. */
import type { CompileError, PortDecl, Run, RunEvent, WorkflowGraph } from '@switchyard/shared';
import type { Connection, EdgeChange, NodeChange } from '@xyflow/react';
import type { ClipboardContent } from './clipboard.ts';
import type { FlowEdge, FlowNode, NodeData } from './flow-types.ts';
import type { HistoryState } from './history.ts';
import type { RunView } from './run-state.ts';

/** A message shown briefly when the editor refuses an action (a bad connection, a second trigger). */
export interface Notice {
  message: string;
  /** Increments so the same message twice still shows. */
  id: number;
}

export interface EditorDocument {
  workflowId: string | null;
  name: string;
  /** The saved version the canvas shows (null for an unsaved workflow). */
  version: number | null;
  graph: WorkflowGraph;
  /** Viewing an old version or a past run: no edits. */
  readOnly?: boolean;
}

export interface EditorState {
  workflowId: string | null;
  name: string;
  /** Version the canvas was loaded from or last saved as. */
  savedVersion: number | null;
  readOnly: boolean;
  nodes: FlowNode[];
  edges: FlowEdge[];
  /** The workflow's own settings (e.g. trusted execution), saved with the graph. */
  settings: NonNullable<WorkflowGraph['settings']>;
  /** Bumped by every document change, positions included. Dirty = `revision !== savedRevision`. */
  revision: number;
  savedRevision: number;
  /** Bumped only by changes that can change compile results (not moves or selection). */
  structureRevision: number;
  history: HistoryState;
  /** A node drag in progress (its start was recorded as one undo step). */
  dragging: boolean;
  clipboard: ClipboardContent | null;
  /** Compile errors for `problemsRevision` (the structure revision they were computed from). */
  problems: CompileError[];
  problemsRevision: number;
  notice: Notice | null;
  /** The run shown on the canvas, live or from history. */
  run: RunView | null;

  // Document
  load(doc: EditorDocument): void;
  /** Replaces the whole graph as one undoable edit (import, restore a version). */
  replaceGraph(graph: WorkflowGraph): void;
  markSaved(version: number, revision: number): void;
  rename(name: string): void;
  graph(): WorkflowGraph;
  /** Changes workflow settings (a document change: it makes the workflow dirty). */
  updateWorkflowSettings(patch: NonNullable<WorkflowGraph['settings']>): void;

  // React Flow wiring
  onNodesChange(changes: NodeChange<FlowNode>[]): void;
  onEdgesChange(changes: EdgeChange<FlowEdge>[]): void;
  /** React Flow's `isValidConnection`: the compiler's rules, answered while the user drags. */
  canConnect(connection: Connection | FlowEdge): boolean;
  connect(connection: Connection): boolean;

  // Editing
  addNode(type: string, position: { x: number; y: number }): string | null;
  /** `renamedOutputs` (old → new port name) carries the edges of renamed output ports over; edges of ports gone are dropped. */
  updateConfig(nodeId: string, patch: Record<string, unknown>, options?: { renamedOutputs?: Record<string, string> }): void;
  /** Sets a port list; `renames` (old → new) carries edges over, edges on removed ports are dropped. */
  setPorts(nodeId: string, direction: 'inputs' | 'outputs', ports: PortDecl[], renames?: Record<string, string>): void;
  setLabel(nodeId: string, label: string): void;
  updateSettings(nodeId: string, patch: Partial<NonNullable<NodeData['settings']>>): void;
  selectOnly(nodeIds: string[]): void;
  selectAll(): void;
  deleteSelection(): void;
  copySelection(): ClipboardContent | null;
  paste(content?: ClipboardContent | null, offset?: { x: number; y: number }): void;
  duplicateSelection(): void;
  undo(): void;
  redo(): void;
  autoLayout(): void;
  setProblems(problems: CompileError[], forRevision: number): void;
  notify(message: string): void;

  // Runs
  beginRun(runId: string, workflowVersion?: number | null): void;
  applyRunEvents(events: readonly RunEvent[]): void;
  applyRunSnapshot(run: Run): void;
  clearRun(): void;
}
