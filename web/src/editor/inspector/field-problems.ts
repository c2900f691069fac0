import type { CompileError } from '@switchyard/shared';

/** A node's compile errors split into those a form field shows under itself and the rest (shown on top). */
export interface FieldProblems {
  byField: ReadonlyMap<string, readonly CompileError[]>;
  other: readonly CompileError[];
}

/** An error belongs to a field when its path is `['config', field, ...]` and the form renders that field. */
export function splitProblems(problems: readonly CompileError[], fields: ReadonlySet<string>): FieldProblems {
  const byField = new Map<string, CompileError[]>();
  const other: CompileError[] = [];
  for (const p of problems) {
    const field = p.path?.[0] === 'config' ? p.path[1] : undefined;
    if (typeof field === 'string' && fields.has(field)) {
      const list = byField.get(field);
      if (list) list.push(p);
      else byField.set(field, [p]);
    } else other.push(p);
  }
  return { byField, other };
}

/** The part of a compile message after the node name and path (`Code a: config.timeoutMs: too small` → `too small`). */
export function fieldMessage(problem: CompileError): string {
  const path = problem.path?.join('.');
  if (!path) return problem.message;
  const marker = `: ${path}: `;
  const at = problem.message.indexOf(marker);
  return at >= 0 ? problem.message.slice(at + marker.length) : problem.message;
}
