import type { z } from 'zod';
import type { NodeCategory } from './categories.ts';
import type { NodePorts } from './port.ts';

/**
 * An SVG icon as data: `[tag, attributes]` children of a 24×24 stroke icon, the shape of lucide's icon nodes
 * (`import { Globe } from 'lucide'`), so a definition carries its icon and the web renders any of them.
 */
export type IconNode = readonly (readonly [tag: string, attrs: Readonly<Record<string, string | number | undefined>>])[];

/** A node's wall-clock limit when its definition sets none (ms). */
export const DEFAULT_NODE_TIMEOUT_MS = 5 * 60_000;

/** How the inspector renders one config field; the form is generated from these plus the schema. */
export interface EditorHint {
  widget:
    | 'text'
    | 'textarea'
    | 'number'
    | 'select'
    | 'toggle'
    | 'json'
    | 'code'
    | 'ports'
    /** A list of conditions (`if`), see conditions.ts. */
    | 'conditions'
    /** Ordered cases, each with conditions (`switch`). */
    | 'cases'
    /** A string → string map (headers, query), values may use templates. */
    | 'key-value'
    /** The name of a stored secret. */
    | 'secret';
  label?: string;
  help?: string;
  /** For `code`: a fixed language, or the config field holding it. */
  language?: string | { field: string };
  /**
   * The field is left out of the form while this holds for the config as it is being edited (raw: a key may be
   * absent and mean its default), e.g. a JSON body unless the body type is JSON. Its value and its errors stay.
   */
  hidden?: (config: Readonly<Record<string, unknown>>) => boolean;
  /** Order in the form; lower first. */
  order?: number;
}

/** Upgrades a config written for version `from` to version `from + 1`. */
export type ConfigMigration = (config: Record<string, unknown>) => Record<string, unknown>;

/**
 * Everything the compiler, the server and the web need to know about one node type.
 * A node type is this definition (in `shared/`) plus one executor (in `server/`).
 */
export interface NodeDefinition<TType extends string = string, TConfig extends z.ZodType = z.ZodType> {
  type: TType;
  /** Bumped when the config shape changes; `migrations` upgrade older configs. */
  version: number;
  title: string;
  description: string;
  /** Palette group (see categories.ts); any category, the palette lists those it finds. */
  category: NodeCategory;
  /** Drawn in the palette, the node card and the inspector. */
  icon: IconNode;
  /** A short hint on the node card under the title (a language, a URL, a cron); null for none. */
  subtitle?: (config: z.output<TConfig>) => string | null;
  /** The engine's wall-clock limit for one attempt (ms); default DEFAULT_NODE_TIMEOUT_MS. */
  timeoutMs?: (config: z.output<TConfig>) => number;
  /**
   * A trigger starts runs: it has no inputs and emits the run's input when it is the trigger that started the
   * run. The other triggers of the workflow are not taken in that run. `kind` is recorded on the run.
   */
  trigger?: { kind: string };
  /**
   * The node chooses which outputs carry a value: its result is an object keyed by output port, and a port
   * whose key is absent is *not taken* (nodes fed only by it end skipped with `branch_not_taken`).
   */
  branches?: boolean;
  /** This node's value is part of the run's output, under `name` when the workflow has several such nodes. */
  runOutput?: (config: z.output<TConfig>) => { name?: string };
  /** Single source of truth for the config, with defaults. */
  config: TConfig;
  /** Ports of an instance with this (parsed) config. */
  ports: (config: z.output<TConfig>) => NodePorts;
  /** Inspector hints keyed by config field. */
  editor?: Partial<Record<keyof z.output<TConfig> & string, EditorHint>>;
  /** Keyed by the version a migration upgrades from. */
  migrations?: Record<number, ConfigMigration>;
  /** At most one node of this type per workflow (e.g. a manual trigger). */
  singleton?: boolean;
}

/** Identity helper that keeps the literal `type` and the config schema's types. */
export function defineNode<TType extends string, TConfig extends z.ZodType>(
  definition: NodeDefinition<TType, TConfig>,
): NodeDefinition<TType, TConfig> {
  return definition;
}

/** Runs the config migrations from `fromVersion` up to the definition's version. */
export function migrateConfig(
  definition: NodeDefinition,
  fromVersion: number,
  config: Record<string, unknown>,
): Record<string, unknown> {
  let current = config;
  for (let v = fromVersion; v < definition.version; v++) {
    const step = definition.migrations?.[v];
    if (!step) throw new Error(`no migration from version ${v} to ${v + 1}`);
    current = step(current);
  }
  return current;
}
