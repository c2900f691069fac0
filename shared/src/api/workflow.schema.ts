import { z } from 'zod';
import { WorkflowGraphSchema } from '../graph/workflow.schema.ts';

const NameSchema = z.string().trim().min(1, 'name must not be empty').max(200);
const DescriptionSchema = z.string().max(5_000);

export const CreateWorkflowBodySchema = z.object({
  name: NameSchema,
  description: DescriptionSchema.optional(),
  graph: WorkflowGraphSchema,
});
export type CreateWorkflowBody = z.input<typeof CreateWorkflowBodySchema>;

/** A PUT with `graph` saves a new version; name and description alone only rename. */
export const UpdateWorkflowBodySchema = z
  .object({ name: NameSchema.optional(), description: DescriptionSchema.optional(), graph: WorkflowGraphSchema.optional() })
  .refine((b) => b.name !== undefined || b.description !== undefined || b.graph !== undefined, {
    message: 'send at least one of name, description, graph',
  });
export type UpdateWorkflowBody = z.input<typeof UpdateWorkflowBodySchema>;

export const WorkflowSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  /** Latest saved version number (1-based). */
  version: z.number().int(),
  nodeCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type WorkflowSummary = z.infer<typeof WorkflowSummarySchema>;

export const WorkflowSchema = WorkflowSummarySchema.extend({ graph: WorkflowGraphSchema });
export type Workflow = z.infer<typeof WorkflowSchema>;

/** One immutable saved version of a workflow's graph. */
export const WorkflowVersionSchema = z.object({
  workflowId: z.string(),
  version: z.number().int(),
  name: z.string(),
  graph: WorkflowGraphSchema,
  createdAt: z.string(),
});
export type WorkflowVersion = z.infer<typeof WorkflowVersionSchema>;

export const ValidateGraphBodySchema = z.object({ graph: z.unknown() });
