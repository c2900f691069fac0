import { z } from 'zod';
import { CODE_LANGUAGES, RUNTIME_CHOICES } from '../nodes/code.node.ts';

/** Limits of one ad-hoc execution; the defaults are a code node's. */
export const ExecutionLimitsSchema = z
  .object({
    /** Wall-clock limit in ms; the whole process (group, namespace) is killed when it passes. */
    timeoutMs: z.number().int().min(100).max(300_000).default(30_000),
    /** V8 heap limit in MiB. */
    memoryMb: z.number().int().min(32).max(4_096).default(256),
    /** Largest JSON return value, in bytes. */
    maxOutputBytes: z
      .number()
      .int()
      .min(1)
      .max(16 * 1024 * 1024)
      .default(1024 * 1024),
    /** Largest total of log bytes kept. */
    maxLogBytes: z
      .number()
      .int()
      .min(0)
      .max(16 * 1024 * 1024)
      .default(1024 * 1024),
  })
  .strict();

/** `POST /api/code/execute`: run a piece of code once, outside any workflow (Sandbox Studio, scripts). */
export const ExecuteCodeBodySchema = z
  .object({
    language: z.enum(CODE_LANGUAGES),
    code: z.string().max(1_000_000),
    /** Passed to `main` as its first argument. */
    inputs: z.record(z.string(), z.unknown()).default({}),
    runtime: z.enum(RUNTIME_CHOICES).default('auto'),
    policy: ExecutionLimitsSchema.default({
      timeoutMs: 30_000,
      memoryMb: 256,
      maxOutputBytes: 1024 * 1024,
      maxLogBytes: 1024 * 1024,
    }),
  })
  .strict();
export type ExecuteCodeBody = z.input<typeof ExecuteCodeBodySchema>;

/** The router's choice and why. */
export const RuntimeDecisionSchema = z.object({
  runtime: z.enum(['node', 'wasm', 'e2b']).nullable(),
  /** One line, e.g. "node: JavaScript in a sandboxed child process". */
  reason: z.string(),
  /** Runtimes tried next if the chosen one were unavailable. */
  fallbacks: z.array(z.enum(['node', 'wasm', 'e2b'])),
});
export type RuntimeDecisionInfo = z.infer<typeof RuntimeDecisionSchema>;

export const ExecuteCodeResultSchema = z.object({
  status: z.enum(['succeeded', 'failed', 'timeout', 'cancelled', 'output_too_large', 'out_of_memory', 'unavailable']),
  output: z.unknown().optional(),
  error: z.object({ code: z.string(), message: z.string(), stack: z.string().optional() }).optional(),
  logs: z.array(z.object({ stream: z.enum(['stdout', 'stderr']), line: z.string(), time: z.number() })),
  logsTruncated: z.boolean(),
  /** The runtime that ran it (null when none could). */
  runtime: z.enum(['node', 'wasm', 'e2b']).nullable(),
  backend: z.string().nullable(),
  decision: RuntimeDecisionSchema,
  durationMs: z.number(),
  /** True when the call paid for a process start. */
  cold: z.boolean(),
});
export type ExecuteCodeResult = z.infer<typeof ExecuteCodeResultSchema>;
