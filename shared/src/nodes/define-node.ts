import type { z } from 'zod';
import type { NodePorts } from './port.ts';

/** Palette groups. */
export type NodeCategory = 'triggers' | 'code' | 'flow' | 'outputs';

/** How the inspector renders one config field; the form is generated from these plus the schema. */
export interface EditorHint {
  widget: 'text' | 'textarea' | 'number' | 'select' | 'toggle' | 'json' | 'code' | 'ports';
  label?: string;
  help?: string;
  /** For `code`: a fixed language, or the config field holding it. */
  language?: string | { field: string };
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
  category: NodeCategory;
  /** Icon name for the palette (lucide naming). */
  icon: string;
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
