import { z } from 'zod';
import { NodeStatusSchema, RunErrorSchema, RunStatusSchema } from './run-event.schema.ts';

/** Runs accept any JSON value as input; it is what the trigger node emits. */
export const CreateRunBodySchema = z
  .object({
    input: z.unknown().optional(),
    /** The trigger node that starts the run (its input); default: the manual trigger, else the first trigger. */
    triggerNodeId: z.string().min(1).max(128).optional(),
  })
  .strict();
export type CreateRunBody = z.infer<typeof CreateRunBodySchema>;

export const RunNodeSchema = z.object({
  nodeId: z.string(),
  status: NodeStatusSchema,
  attempts: z.number().int(),
  /** Runtime that executed the node (code nodes), else null. */
  runtime: z.string().nullable(),
  output: z.unknown(),
  error: RunErrorSchema.nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type RunNode = z.infer<typeof RunNodeSchema>;

export const RunSummarySchema = z.object({
  id: z.string(),
  workflowId: z.string(),
  workflowVersion: z.number().int(),
  status: RunStatusSchema,
  error: RunErrorSchema.nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** The user who started it (null for the CLI and triggers). */
  startedBy: z.string().nullable().optional(),
  /** How: `manual` (signed in), `api` (a token), `cli`, `webhook`, `schedule`. */
  startedVia: z.string().optional(),
  /** The trigger node that started it and its kind (`manual`, `webhook`, `schedule`); nodeId null for older runs. */
  trigger: z.object({ type: z.string(), nodeId: z.string().nullable() }).optional(),
});
export type RunSummary = z.infer<typeof RunSummarySchema>;

export const RunSchema = RunSummarySchema.extend({
  input: z.unknown(),
  output: z.unknown(),
  nodes: z.array(RunNodeSchema),
});
export type Run = z.infer<typeof RunSchema>;

export const ListRunsQuerySchema = z.object({
  /** An empty `?workflowId=` is refused: read as "no filter" it would list every workflow's runs. */
  workflowId: z.string().min(1).max(64).optional(),
  status: RunStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
