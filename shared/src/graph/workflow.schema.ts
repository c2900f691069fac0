import { z } from 'zod';
import { RESERVED_PORT_NAMES } from '../nodes/port.ts';

/** Node and edge ids: short, URL- and log-safe. */
export const ElementIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'use letters, digits and _ . : - only');

/** Canvas position in flow coordinates. */
export const PositionSchema = z.object({ x: z.number().finite(), y: z.number().finite() });

/** Engine behaviour shared by every node type. */
export const NodeSettingsSchema = z.object({
  /** Extra attempts after a failure (0 = run once). */
  retries: z.number().int().min(0).max(10).default(0),
  /** Delay before the first retry in ms; doubles for each further retry. */
  retryBackoffMs: z.number().int().min(0).max(600_000).default(1_000),
  /** When true, a failure does not fail the run: successors receive `{ error }` instead of a value. */
  continueOnError: z.boolean().default(false),
});
export type NodeSettings = z.output<typeof NodeSettingsSchema>;

export const WorkflowNodeSchema = z.object({
  id: ElementIdSchema,
  type: z.string().min(1).max(64),
  /** Version of the node definition this config was written for; older configs are migrated. */
  version: z.number().int().positive().optional(),
  /** Optional display name; the id is used when absent. */
  label: z.string().max(200).optional(),
  position: PositionSchema,
  config: z.record(z.string(), z.unknown()).default({}),
  settings: NodeSettingsSchema.partial().optional(),
});
export type WorkflowNode = z.input<typeof WorkflowNodeSchema>;

/**
 * A port name as an edge names it. Only the reserved names are refused here (a draft may name a port that
 * does not exist yet; the compiler says so): no port can take one, so no saved edge may point at one.
 */
const HandleSchema = z
  .string()
  .min(1)
  .max(64)
  .refine(
    (name) => !RESERVED_PORT_NAMES.has(name),
    'this name is reserved (every JavaScript object has it); no port can take it',
  );

export const WorkflowEdgeSchema = z.object({
  id: ElementIdSchema,
  source: ElementIdSchema,
  /** Output port name on the source node. */
  sourceHandle: HandleSchema,
  target: ElementIdSchema,
  /** Input port name on the target node. */
  targetHandle: HandleSchema,
});
export type WorkflowEdge = z.infer<typeof WorkflowEdgeSchema>;

/** Limits keep one document from exhausting the compiler or the database. */
export const MAX_NODES = 5_000;
export const MAX_EDGES = 20_000;

/** Settings of the whole workflow. */
export const WorkflowSettingsSchema = z.object({
  /**
   * Accept runtimes that isolate code by process only when no OS sandbox is available on the server. Off by
   * default: without it such code is refused with what to install, never run with weaker isolation.
   */
  trustedExecution: z.boolean().default(false),
});
export type WorkflowSettings = z.output<typeof WorkflowSettingsSchema>;

/** A workflow graph as stored and exchanged: the document the canvas edits and the compiler checks. */
export const WorkflowGraphSchema = z.object({
  nodes: z.array(WorkflowNodeSchema).max(MAX_NODES),
  edges: z.array(WorkflowEdgeSchema).max(MAX_EDGES),
  settings: WorkflowSettingsSchema.partial().optional(),
});
export type WorkflowGraph = z.input<typeof WorkflowGraphSchema>;
export type ParsedWorkflowGraph = z.output<typeof WorkflowGraphSchema>;
