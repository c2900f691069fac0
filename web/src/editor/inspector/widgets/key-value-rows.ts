/** One row of the name → value editor, as the user is editing it. */
export interface KeyValueRow {
  /** Stable React key. */
  key: number;
  name: string;
  value: string;
}

let nextKey = 1;

/** Rows for a `Record<string, string>` config value; non-string values are shown as JSON text. */
export function rowsOfRecord(value: unknown): KeyValueRow[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  return Object.entries(value).map(([name, v]) => ({
    key: nextKey++,
    name,
    value: typeof v === 'string' ? v : JSON.stringify(v),
  }));
}

/** An empty row to type into. */
export const emptyRow = (): KeyValueRow => ({ key: nextKey++, name: '', value: '' });

/** Per row key, why the row is left out of the map: a value without a name, or a name an earlier row has. */
export function rowProblems(rows: readonly KeyValueRow[]): Map<number, string> {
  const problems = new Map<number, string>();
  const seen = new Set<string>();
  for (const row of rows) {
    if (row.name === '') {
      if (row.value !== '') problems.set(row.key, 'give this value a name');
    } else if (seen.has(row.name)) problems.set(row.key, `"${row.name}" is already set above`);
    seen.add(row.name);
  }
  return problems;
}

/** The map to store: rows with a name, the first of duplicate names (the others are flagged by `rowProblems`). */
export function recordOf(rows: readonly KeyValueRow[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (const row of rows) if (row.name !== '' && !Object.hasOwn(record, row.name)) record[row.name] = row.value;
  return record;
}
