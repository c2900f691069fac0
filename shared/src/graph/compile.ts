import type { z } from 'zod';
import { DEFAULT_NODE_TIMEOUT_MS, migrateConfig, type NodeDefinition } from '../nodes/define-node.ts';
import { type NodePorts, type PortSpec, portTypesCompatible } from '../nodes/port.ts';
import { defaultRegistry, type NodeRegistry } from '../nodes/registry.ts';
import type { CompileError } from './compile-errors.ts';
import { findCycles } from './find-cycles.ts';
import { topoLevels } from './topo-levels.ts';
import {
  type NodeSettings,
  NodeSettingsSchema,
  type ParsedWorkflowGraph,
  WorkflowGraphSchema,
  type WorkflowSettings,
  WorkflowSettingsSchema,
} from './workflow.schema.ts';

/** Where one input port gets its value from. */
export interface InputSource {
  edgeId: string;
  nodeId: string;
  port: string;
}

/** A node ready to execute: config parsed and migrated, ports resolved, dependencies known. */
export interface PlannedNode {
  id: string;
  type: string;
  label: string;
  config: unknown;
  settings: NodeSettings;
  ports: NodePorts;
  /** Incoming edges per input port name (ports with no edge are absent). */
  inputs: Record<string, InputSource[]>;
  predecessors: string[];
  successors: string[];
  /** Depth in the DAG; nodes on one level are independent. */
  level: number;
  /** What the engine needs from the node's definition, resolved for this config. */
  traits: NodeTraits;
}

/** A node's engine traits (see NodeDefinition): the plan carries them so the engine never asks by type. */
export interface NodeTraits {
  /** The trigger kind (`manual`, `webhook`, `schedule`…) when the node starts runs. */
  trigger: string | null;
  /** Absent keys of its result are untaken output ports. */
  branches: boolean;
  /** Part of the run's output, under `name` when there are several. */
  runOutput: { name?: string } | null;
  /** Wall-clock limit of one attempt (ms). */
  timeoutMs: number;
}

export function traitsOf(def: NodeDefinition, config: unknown): NodeTraits {
  return {
    trigger: def.trigger?.kind ?? null,
    branches: def.branches ?? false,
    runOutput: def.runOutput ? def.runOutput(config) : null,
    timeoutMs: def.timeoutMs ? def.timeoutMs(config) : DEFAULT_NODE_TIMEOUT_MS,
  };
}

/** A topological schedule: a node may start once all its predecessors finished; independent nodes run concurrently, at most `maxConcurrency` at once. */
export interface ExecutionPlan {
  nodes: Record<string, PlannedNode>;
  order: string[];
  levels: string[][];
  maxConcurrency: number;
  /** The workflow's settings, defaults filled in. */
  settings: WorkflowSettings;
}

export type CompileResult = { ok: true; plan: ExecutionPlan; errors: [] } | { ok: false; errors: CompileError[] };

export interface CompileOptions {
  registry?: NodeRegistry;
  /** Upper bound on nodes running at once (default 8). */
  maxConcurrency?: number;
}

const who = (id: string, label?: string) => (label && label !== id ? `node "${label}" (${id})` : `node "${id}"`);

/**
 * Validates a workflow graph and plans its execution. Pure and isomorphic: the browser runs it as
 * the user edits, the server before saving a run. Collects every error rather than stopping at the first.
 */
export function compile(input: unknown, options: CompileOptions = {}): CompileResult {
  const registry = options.registry ?? defaultRegistry;
  const parsed = WorkflowGraphSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => ({
        code: 'invalid_graph',
        message: `graph.${issue.path.join('.')}: ${issue.message}`,
        path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
      })),
    };
  }
  const graph: ParsedWorkflowGraph = parsed.data;
  const errors: CompileError[] = [];

  // 1. Ids are unique.
  const nodesById = new Map<string, ParsedWorkflowGraph['nodes'][number]>();
  for (const node of graph.nodes) {
    if (nodesById.has(node.id))
      errors.push({ code: 'duplicate_id', message: `two nodes have the id "${node.id}"`, nodeId: node.id });
    else nodesById.set(node.id, node);
  }
  const edgeIds = new Set<string>();
  for (const edge of graph.edges) {
    if (edgeIds.has(edge.id) || nodesById.has(edge.id))
      errors.push({ code: 'duplicate_id', message: `the id "${edge.id}" is used more than once`, edgeId: edge.id });
    edgeIds.add(edge.id);
  }

  // 2. Each node has a known type and a valid config; resolve its ports.
  const planned = new Map<string, PlannedNode>();
  const instances = new Map<string, number>();
  for (const node of nodesById.values()) {
    // Own entries only: a type named `constructor` or `toString` must not find Object.prototype's member.
    const def = Object.hasOwn(registry, node.type) ? registry[node.type] : undefined;
    const name = who(node.id, node.label);
    if (!def) {
      errors.push({
        code: 'unknown_node_type',
        message: `${name} has unknown type "${node.type}"`,
        nodeId: node.id,
        path: ['type'],
      });
      continue;
    }
    instances.set(node.type, (instances.get(node.type) ?? 0) + 1);
    if (def.singleton && instances.get(node.type) === 2)
      errors.push({
        code: 'too_many_instances',
        message: `a workflow can have only one ${def.title} node; ${name} is another`,
        nodeId: node.id,
      });
    const from = node.version ?? def.version;
    if (from > def.version) {
      errors.push({
        code: 'unsupported_node_version',
        message: `${name} was written for ${node.type} v${from}; this server knows up to v${def.version}`,
        nodeId: node.id,
        path: ['version'],
      });
      continue;
    }
    let raw = node.config;
    try {
      raw = migrateConfig(def, from, node.config);
    } catch (err) {
      errors.push({
        code: 'config_migration_failed',
        message: `${name}: cannot upgrade config from v${from}: ${(err as Error).message}`,
        nodeId: node.id,
        path: ['config'],
      });
      continue;
    }
    const config = def.config.safeParse(raw);
    if (!config.success) {
      for (const issue of (config.error as z.ZodError).issues) {
        const path = ['config', ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
        errors.push({ code: 'invalid_config', message: `${name}: ${path.join('.')}: ${issue.message}`, nodeId: node.id, path });
      }
      continue;
    }
    planned.set(node.id, {
      id: node.id,
      type: node.type,
      label: node.label ?? node.id,
      config: config.data,
      settings: NodeSettingsSchema.parse(node.settings ?? {}),
      ports: def.ports(config.data),
      inputs: Object.create(null) as PlannedNode['inputs'], // keyed by port name: no inherited keys
      predecessors: [],
      successors: [],
      level: 0,
      traits: traitsOf(def, config.data),
    });
  }

  // 3. Edges join existing ports of compatible types. A target port reached by a broken edge counts
  //    as connected, so one mistake is reported once and not again as "not connected".
  const attempted = new Set<string>();
  for (const edge of graph.edges) {
    attempted.add(`${edge.target}\u0000${edge.targetHandle}`);
    const source = nodesById.get(edge.source);
    const target = nodesById.get(edge.target);
    if (!source || !target) {
      const missing = !source ? edge.source : edge.target;
      errors.push({
        code: 'edge_missing_node',
        message: `edge "${edge.id}" points to missing node "${missing}"`,
        edgeId: edge.id,
      });
      continue;
    }
    const from = planned.get(edge.source);
    const to = planned.get(edge.target);
    if (!from || !to) continue; // the node's own error is already reported
    const out = from.ports.outputs.find((p) => p.name === edge.sourceHandle);
    const inp = to.ports.inputs.find((p) => p.name === edge.targetHandle);
    if (!out || !inp) {
      const [n, dir, port] = !out ? [from, 'output', edge.sourceHandle] : [to, 'input', edge.targetHandle];
      errors.push({
        code: 'edge_missing_port',
        message: `edge "${edge.id}": ${who(n.id, n.label)} has no ${dir} port \`${port}\``,
        edgeId: edge.id,
        nodeId: n.id,
      });
      continue;
    }
    if (!portTypesCompatible(out.type, inp.type)) {
      errors.push({
        code: 'port_type_mismatch',
        message: `edge "${edge.id}": output \`${out.name}\` of "${from.label}" is ${out.type} but input \`${inp.name}\` of "${to.label}" expects ${inp.type}`,
        edgeId: edge.id,
        nodeId: to.id,
      });
      continue;
    }
    (to.inputs[inp.name] ??= []).push({ edgeId: edge.id, nodeId: from.id, port: out.name });
    from.successors.push(to.id);
    to.predecessors.push(from.id);
  }

  // 4. Inputs: single-value ports take one edge; required ports take at least one.
  for (const node of planned.values()) {
    for (const port of node.ports.inputs) {
      const sources = node.inputs[port.name] ?? [];
      if (sources.length > 1 && !port.multiple) errors.push(multipleEdges(node, port, sources));
      if (sources.length === 0 && port.required !== false && !attempted.has(`${node.id}\u0000${port.name}`))
        errors.push({
          code: 'required_input_unconnected',
          message: `${who(node.id, node.label)}: input port \`${port.name}\` is not connected`,
          nodeId: node.id,
          path: ['inputs', port.name],
        });
    }
  }

  // 5. No cycles.
  const ids = [...planned.keys()];
  const successors = new Map(ids.map((id) => [id, (planned.get(id) as PlannedNode).successors]));
  for (const cycle of findCycles(ids, successors)) {
    const names = cycle.map((id) => (planned.get(id) as PlannedNode).label);
    errors.push({
      code: 'cycle',
      message: `cycle: ${[...names, names[0]].join(' → ')}`,
      nodeId: cycle[0],
      nodeIds: cycle,
    });
  }

  if (errors.length > 0) return { ok: false, errors };

  // 6. Schedule.
  const predecessors = new Map(ids.map((id) => [id, (planned.get(id) as PlannedNode).predecessors]));
  const { order, levels } = topoLevels(ids, predecessors, successors);
  levels.forEach((level, i) => {
    for (const id of level) (planned.get(id) as PlannedNode).level = i;
  });
  for (const node of planned.values()) {
    node.predecessors = [...new Set(node.predecessors)];
    node.successors = [...new Set(node.successors)];
  }
  return {
    ok: true,
    errors: [],
    plan: {
      nodes: Object.fromEntries(planned),
      order,
      levels,
      maxConcurrency: options.maxConcurrency ?? 8,
      settings: WorkflowSettingsSchema.parse(graph.settings ?? {}),
    },
  };
}

function multipleEdges(node: PlannedNode, port: PortSpec, sources: InputSource[]): CompileError {
  return {
    code: 'multiple_edges_into_port',
    message: `${who(node.id, node.label)}: input port \`${port.name}\` takes one value but ${sources.length} edges lead into it (${sources.map((s) => s.edgeId).join(', ')})`,
    nodeId: node.id,
    edgeId: sources[1]?.edgeId,
    path: ['inputs', port.name],
  };
}
