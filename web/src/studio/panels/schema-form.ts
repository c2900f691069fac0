/** One property of a simple object schema, as the form edits it. */
export interface SchemaRow {
  name: string;
  type: (typeof ROW_TYPES)[number];
  required: boolean;
  description: string;
}

export const ROW_TYPES = ['string', 'number', 'integer', 'boolean', 'array', 'object'] as const;
const ROW_KEYS = new Set(['type', 'description']);
const OBJECT_KEYS = new Set(['type', 'properties', 'required', 'additionalProperties', '$schema']);

/**
 * The rows of a schema the form can edit: an object whose properties each have only a type (one of ROW_TYPES)
 * and a description. Anything richer (enums, nesting, formats) is `null`: edit it as JSON.
 */
export function schemaToRows(schema: Record<string, unknown> | undefined): SchemaRow[] | null {
  if (!schema) return [];
  if (schema.type !== 'object' || Object.keys(schema).some((k) => !OBJECT_KEYS.has(k))) return null;
  const required = Array.isArray(schema.required) ? (schema.required as unknown[]) : [];
  const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  const rows: SchemaRow[] = [];
  for (const [name, prop] of Object.entries(properties)) {
    if (!prop || typeof prop !== 'object' || Object.keys(prop).some((k) => !ROW_KEYS.has(k))) return null;
    if (!ROW_TYPES.includes(prop.type as SchemaRow['type'])) return null;
    rows.push({
      name,
      type: prop.type as SchemaRow['type'],
      required: required.includes(name),
      description: typeof prop.description === 'string' ? prop.description : '',
    });
  }
  return rows;
}

/** The JSON Schema of the rows (no schema at all when there are none: any input is accepted). */
export function rowsToSchema(rows: SchemaRow[]): Record<string, unknown> | undefined {
  const named = rows.filter((r) => r.name.trim() !== '');
  if (named.length === 0) return undefined;
  const properties: Record<string, Record<string, unknown>> = {};
  for (const row of named)
    properties[row.name.trim()] = { type: row.type, ...(row.description.trim() ? { description: row.description.trim() } : {}) };
  const required = named.filter((r) => r.required).map((r) => r.name.trim());
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}) };
}
