import { WorkflowSummarySchema } from '@switchyard/shared';
import { z } from 'zod';

/** GET /api/health. */
export const HealthSchema = z.object({
  status: z.literal('ok'),
  database: z.object({
    kind: z.enum(['pglite', 'postgres']),
    /** Round trip of `select 1`, in ms. */
    latencyMs: z.number(),
  }),
});
export type Health = z.infer<typeof HealthSchema>;

/** GET /api/workflows. */
export const WorkflowListSchema = z.object({ workflows: z.array(WorkflowSummarySchema) });

/** The palette's view of one entry of GET /api/node-types (the full shape is `NodeTypeDescription`). */
export const NodeTypeSchema = z.object({
  type: z.string(),
  version: z.number().int(),
  title: z.string(),
  description: z.string(),
  category: z.string(),
  icon: z.string(),
});
export type NodeTypeEntry = z.infer<typeof NodeTypeSchema>;

export const NodeTypeListSchema = z.object({ nodeTypes: z.array(NodeTypeSchema) });
