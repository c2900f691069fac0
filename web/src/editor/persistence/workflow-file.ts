import { type ParsedWorkflowGraph, type WorkflowGraph, WorkflowGraphSchema } from '@switchyard/shared';
import { z } from 'zod';

/** `<slug>.workflow.json`: what Export writes and the CLI and `examples/` use. */
export const WorkflowFileSchema = z.object({
  name: z.string().max(200).optional(),
  graph: WorkflowGraphSchema,
});

/** Files larger than this are refused before parsing (ms of JSON.parse on a main thread, not a limit of the format). */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
/** How many schema issues an import error lists; the rest are counted. */
const MAX_LISTED_ISSUES = 5;

export type ParsedWorkflowFile =
  | { ok: true; name: string | null; graph: ParsedWorkflowGraph }
  | { ok: false; message: string; issues: string[] };

/**
 * Reads an imported file: `{ name, graph }` (our export format) or a bare graph `{ nodes, edges }`.
 * Failures name what is wrong and where (`graph.nodes[2].position.x: …`), so the file can be fixed.
 */
export function parseWorkflowFile(text: string): ParsedWorkflowFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    const detail = cause instanceof SyntaxError ? cause.message : String(cause);
    return { ok: false, message: 'The file is not valid JSON.', issues: [detail] };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json) || !('graph' in json || 'nodes' in json)) {
    return {
      ok: false,
      message: 'This is not a workflow file: expected { "name", "graph" } or a graph { "nodes", "edges" }.',
      issues: [],
    };
  }
  if ('graph' in json) {
    const file = WorkflowFileSchema.safeParse(json);
    if (!file.success) return invalid(file.error);
    return { ok: true, name: file.data.name?.trim() || null, graph: file.data.graph };
  }
  const graph = WorkflowGraphSchema.safeParse(json);
  if (!graph.success) return invalid(graph.error);
  return { ok: true, name: null, graph: graph.data };
}

/** The export document for a workflow, formatted for diffs (two-space indent, trailing newline). */
export function workflowFileText(name: string, graph: WorkflowGraph): string {
  return `${JSON.stringify({ name, graph }, null, 2)}\n`;
}

/** "Greet a visitor!" → `greet-a-visitor.workflow.json`. */
export function workflowFileName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `${slug || 'workflow'}.workflow.json`;
}

function invalid(error: z.ZodError): ParsedWorkflowFile {
  const issues = error.issues.map((issue) => `${formatPath(issue.path) || '(file)'}: ${issue.message}`);
  const listed = issues.slice(0, MAX_LISTED_ISSUES);
  if (issues.length > listed.length) listed.push(`…and ${issues.length - listed.length} more`);
  return { ok: false, message: 'The file does not describe a valid workflow graph.', issues: listed };
}

/** `['graph', 'nodes', 2, 'id']` → `graph.nodes[2].id`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    return out ? `${out}.${String(key)}` : String(key);
  }, '');
}
