import type { EditorHint, NodeDefinition } from '@switchyard/shared';
import { z } from 'zod';

export type WidgetKind = EditorHint['widget'];
/** A value a `select` offers; enums in JSON Schema may hold any of these. */
export type OptionValue = string | number | boolean;

/** One row of a generated form: everything a widget needs, derived from JSON Schema plus editor hints. */
export interface FieldDescriptor {
  /** Config key the field edits. */
  key: string;
  widget: WidgetKind;
  label: string;
  help?: string;
  /** The schema's `description` (from zod's `.describe()`). */
  description?: string;
  /** Absent from the config is an error (no default, not optional). */
  required: boolean;
  /** What the config gets when the key is absent. */
  defaultValue?: unknown;
  /** `select`: the allowed values, in schema order. */
  options?: readonly OptionValue[];
  /** `number`: constraints the widget may show as hints (the compiler stays the judge). */
  integer?: boolean;
  minimum?: number;
  maximum?: number;
  /** `code`: a fixed language, or the config field holding it. */
  language?: string | { field: string };
  /** Left out of the form while this holds for the edited config (the definition's hint). */
  hidden?: (config: Readonly<Record<string, unknown>>) => boolean;
}

/** The subset of JSON Schema (draft 2020-12, as zod emits it) the generator reads. */
interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
}

const cache = new WeakMap<NodeDefinition, readonly FieldDescriptor[]>();

/** The inspector form of a node type, computed once per definition. A new node type needs no web code. */
export function fieldsOf(def: NodeDefinition): readonly FieldDescriptor[] {
  let fields = cache.get(def);
  if (!fields) {
    fields = formFields(def.config, (def.editor ?? {}) as Record<string, EditorHint>);
    cache.set(def, fields);
  }
  return fields;
}

/**
 * Ordered field descriptors for a zod object schema: by hint `order`, then schema order.
 * Fields without a hint get a widget inferred from their JSON Schema.
 */
export function formFields(schema: z.ZodType, hints: Readonly<Record<string, EditorHint>> = {}): FieldDescriptor[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const required = new Set(json.required ?? []);
  const entries = Object.entries(json.properties ?? {});
  const fields = entries.map(([key, prop], index) => ({ index, field: describeField(key, prop, hints[key], required) }));
  fields.sort((a, b) => orderOf(hints[a.field.key]) - orderOf(hints[b.field.key]) || a.index - b.index);
  return fields.map((f) => f.field);
}

const orderOf = (hint: EditorHint | undefined) => hint?.order ?? Number.POSITIVE_INFINITY;

function describeField(key: string, prop: JsonSchema, hint: EditorHint | undefined, required: Set<string>) {
  const options = enumOptions(prop);
  const field: FieldDescriptor = {
    key,
    widget: hint?.widget ?? inferWidget(prop, options),
    label: hint?.label ?? humanize(key),
    required: required.has(key),
  };
  if (hint?.help) field.help = hint.help;
  if (prop.description) field.description = prop.description;
  if (prop.default !== undefined) field.defaultValue = prop.default;
  if (options) field.options = options;
  const types = typesOf(prop);
  if (types.includes('integer')) field.integer = true;
  if (prop.minimum !== undefined) field.minimum = prop.minimum;
  // zod emits MAX_SAFE_INTEGER as the maximum of every `.int()`; it is not a limit worth showing.
  if (prop.maximum !== undefined && prop.maximum < Number.MAX_SAFE_INTEGER) field.maximum = prop.maximum;
  if (hint?.language) field.language = hint.language;
  if (hint?.hidden) field.hidden = hint.hidden;
  return field;
}

/** Schema → widget when no hint says otherwise. Anything structured or unknown is edited as JSON. */
function inferWidget(prop: JsonSchema, options: readonly OptionValue[] | undefined): WidgetKind {
  if (options) return 'select';
  const types = typesOf(prop).filter((t) => t !== 'null');
  if (types.length !== 1) return 'json';
  if (types[0] === 'string') return 'text';
  if (types[0] === 'number' || types[0] === 'integer') return 'number';
  if (types[0] === 'boolean') return 'toggle';
  return 'json';
}

function typesOf(prop: JsonSchema): string[] {
  if (Array.isArray(prop.type)) return prop.type;
  return prop.type ? [prop.type] : [];
}

/** `enum`, or a union of `const`s (zod's `z.union([z.literal(..), ..])`). */
function enumOptions(prop: JsonSchema): readonly OptionValue[] | undefined {
  const isOption = (v: unknown): v is OptionValue => ['string', 'number', 'boolean'].includes(typeof v);
  if (prop.enum?.every(isOption)) return prop.enum;
  if (prop.anyOf && prop.anyOf.length > 0 && prop.anyOf.every((p) => isOption(p.const)))
    return prop.anyOf.map((p) => p.const as OptionValue);
  return undefined;
}

/** `timeoutMs` → `Timeout ms`, `sample_input` → `Sample input`. */
export function humanize(key: string): string {
  const words = key
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
