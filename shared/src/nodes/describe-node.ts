import { z } from 'zod';
import type { NodeCategory } from './categories.ts';
import type { EditorHint, IconNode, NodeDefinition } from './define-node.ts';
import type { NodePorts } from './port.ts';

/** A node definition as plain JSON, for clients that cannot import `shared/` (and for the palette). */
export interface NodeTypeDescription {
  type: string;
  version: number;
  title: string;
  description: string;
  category: NodeCategory;
  icon: IconNode;
  singleton: boolean;
  /** The trigger kind when the node starts runs (manual, webhook, schedule), else null. */
  trigger: string | null;
  /** JSON Schema (draft 2020-12) of the config as a client sends it. */
  configSchema: unknown;
  /** The config a freshly added node gets. */
  defaultConfig: unknown;
  /** Ports with the default config (code nodes derive theirs from `inputs`/`outputs`). */
  ports: NodePorts;
  editor: Record<string, EditorHint>;
}

export function describeNode(def: NodeDefinition): NodeTypeDescription {
  const defaultConfig = def.config.parse({});
  return {
    type: def.type,
    version: def.version,
    title: def.title,
    description: def.description,
    category: def.category,
    icon: def.icon,
    singleton: def.singleton ?? false,
    trigger: def.trigger?.kind ?? null,
    configSchema: z.toJSONSchema(def.config, { io: 'input', unrepresentable: 'any' }),
    defaultConfig,
    ports: def.ports(defaultConfig),
    editor: (def.editor ?? {}) as Record<string, EditorHint>,
  };
}
