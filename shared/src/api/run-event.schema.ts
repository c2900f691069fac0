import { z } from 'zod';
import { RuntimeDecisionInfoSchema } from './code.schema.ts';

export const RunStatusSchema = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']);
export type RunStatus = z.infer<typeof RunStatusSchema>;

export const NodeStatusSchema = z.enum(['pending', 'running', 'succeeded', 'failed', 'skipped', 'cancelled']);
export type NodeStatus = z.infer<typeof NodeStatusSchema>;

/** A failure as users see it: a stable code and a sentence. */
export const RunErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  nodeId: z.string().optional(),
  stack: z.string().optional(),
});
export type RunError = z.infer<typeof RunErrorSchema>;

/** Payload of each event type; the envelope adds run id, sequence number, node id and time. */
export const RunEventPayloads = {
  'run.started': z.object({ attempt: z.number().int(), resumed: z.boolean() }),
  'node.started': z.object({ attempt: z.number().int(), runtime: z.string().nullable() }),
  /** The runtime router's choice for a code node, before it runs (or why nothing can run it). */
  'node.runtime': RuntimeDecisionInfoSchema,
  'node.log': z.object({ stream: z.enum(['stdout', 'stderr']), line: z.string() }),
  'node.succeeded': z.object({ attempt: z.number().int(), durationMs: z.number() }),
  'node.failed': z.object({
    attempt: z.number().int(),
    durationMs: z.number(),
    error: RunErrorSchema,
    /** A retry follows after `retryInMs`. */
    willRetry: z.boolean(),
    retryInMs: z.number().optional(),
  }),
  /** `code`: `branch_not_taken` or `not_triggered` (not failures), or `upstream_failed`. Older events have none. */
  'node.skipped': z.object({ reason: z.string(), code: z.string().optional() }),
  'node.cancelled': z.object({ reason: z.string() }),
  'run.finished': z.object({
    status: RunStatusSchema.exclude(['queued', 'running']),
    durationMs: z.number(),
    error: RunErrorSchema.nullable(),
  }),
} as const;

export type RunEventType = keyof typeof RunEventPayloads;
/** The payload of one event type. */
export type RunEventPayload<T extends RunEventType> = z.infer<(typeof RunEventPayloads)[T]>;
export const RUN_EVENT_TYPES = Object.keys(RunEventPayloads) as RunEventType[];

/** One entry of a run's append-only event log. `seq` starts at 1 and has no gaps. */
export type RunEvent = {
  [T in RunEventType]: {
    runId: string;
    seq: number;
    type: T;
    nodeId: string | null;
    payload: z.infer<(typeof RunEventPayloads)[T]>;
    /** ISO timestamp. */
    time: string;
  };
}[RunEventType];

export const RunEventSchema = z.object({
  runId: z.string(),
  seq: z.number().int().positive(),
  type: z.enum(RUN_EVENT_TYPES as [RunEventType, ...RunEventType[]]),
  nodeId: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
  time: z.string(),
});
