import { type PortDecl, PortNameSchema, type PortType, PortTypeSchema } from '@switchyard/shared';

export type PortDirection = 'inputs' | 'outputs';

/** One row of the port list editor: a port as the user is editing it. */
export interface PortRow {
  /** Stable React key; survives renames. */
  key: number;
  name: string;
  type: PortType;
  required: boolean;
  multiple: boolean;
  /** The name the document has for this port (null for a row not committed yet); renames are computed from it. */
  committed: string | null;
}

let nextKey = 1;

/** Rows for a port list from the config; entries that are not port declarations are skipped. */
export function rowsOf(value: unknown): PortRow[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((decl): PortRow[] => {
    if (typeof decl === 'string') return [row(decl, 'any', true, false)];
    if (typeof decl !== 'object' || decl === null || typeof decl.name !== 'string') return [];
    const type = PortTypeSchema.safeParse(decl.type);
    return [row(decl.name, type.success ? type.data : 'any', decl.required !== false, decl.multiple === true)];
  });
}

function row(name: string, type: PortType, required: boolean, multiple: boolean): PortRow {
  return { key: nextKey++, name, type, required, multiple, committed: name };
}

/** A new row with an unused name (`input2`, `output3`, ...). */
export function newRow(rows: readonly PortRow[], direction: PortDirection): PortRow {
  const base = direction === 'inputs' ? 'input' : 'output';
  const taken = new Set(rows.map((r) => r.name));
  let n = rows.length + 1;
  while (taken.has(`${base}${n}`)) n++;
  return { key: nextKey++, name: `${base}${n}`, type: 'any', required: true, multiple: false, committed: null };
}

/** Per row key, why its name cannot be committed: not an identifier (the shared port name rule) or a duplicate. */
export function rowErrors(rows: readonly PortRow[]): Map<number, string> {
  const errors = new Map<number, string>();
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.name, (counts.get(r.name) ?? 0) + 1);
  for (const r of rows) {
    const parsed = PortNameSchema.safeParse(r.name);
    if (!parsed.success) errors.set(r.key, parsed.error.issues[0]?.message ?? 'invalid port name');
    else if ((counts.get(r.name) ?? 0) > 1) errors.set(r.key, `another port is named "${r.name}"`);
  }
  return errors;
}

/** The declarations to store: a bare name for the common case (any, required, single), an object otherwise. */
export function toDecls(rows: readonly PortRow[], direction: PortDirection): PortDecl[] {
  return rows.map((r) => {
    if (direction === 'outputs') return r.type === 'any' ? r.name : { name: r.name, type: r.type };
    if (r.type === 'any' && r.required && !r.multiple) return r.name;
    return { name: r.name, type: r.type, required: r.required, multiple: r.multiple };
  });
}

/** Old name → new name for committed rows whose name changed; the store moves their edges. */
export function renamesOf(rows: readonly PortRow[]): Record<string, string> {
  const renames: Record<string, string> = {};
  for (const r of rows) if (r.committed !== null && r.committed !== r.name) renames[r.committed] = r.name;
  return renames;
}
