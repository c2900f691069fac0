import { z } from 'zod';
import { CODE_LANGUAGES, POLICY_FIELDS, RUNTIME_CHOICES, RuntimeIdSchema } from '../nodes/code.node.ts';

/** The policy of one ad-hoc execution: a code node's policy fields and defaults, a shorter timeout bound. */
export const ExecutionPolicySchema = z
  .object({
    /** Wall-clock limit in ms; the whole process (group, namespace) is killed when it passes. */
    timeoutMs: z.number().int().min(100).max(300_000).default(30_000),
    ...POLICY_FIELDS,
  })
  .strict();

/**
 * Languages an ad-hoc execution may use: a code node's, plus `wasi`, a WebAssembly (WASI preview 1) module
 * given base64-encoded as `code` (stdin: the inputs as JSON; output: the last line of stdout).
 */
export const EXECUTE_LANGUAGES = [...CODE_LANGUAGES, 'wasi'] as const;
export const ExecuteLanguageSchema = z.enum(EXECUTE_LANGUAGES);
export type ExecuteLanguage = z.infer<typeof ExecuteLanguageSchema>;

/**
 * Trusted execution: the caller accepts runtimes that isolate by process only (no OS sandbox on this
 * server). Off by default; a workflow opts in with `settings.trustedExecution`.
 */
const TrustedSchema = z.boolean().default(false);

/** `POST /api/code/execute`: run a piece of code once, outside any workflow (Sandbox Studio, scripts). */
export const ExecuteCodeBodySchema = z
  .object({
    language: ExecuteLanguageSchema,
    code: z.string().max(1_000_000),
    /** Passed to `main` as its first argument. */
    inputs: z.record(z.string(), z.unknown()).default({}),
    runtime: z.enum(RUNTIME_CHOICES).default('auto'),
    policy: ExecutionPolicySchema.default(ExecutionPolicySchema.parse({})),
    trusted: TrustedSchema,
  })
  .strict();
export type ExecuteCodeBody = z.input<typeof ExecuteCodeBodySchema>;

/** The router's choice and why. */
export const RuntimeDecisionSchema = z.object({
  runtime: RuntimeIdSchema.nullable(),
  /** One line, e.g. "node: JavaScript in a sandboxed child process". */
  reason: z.string(),
  /** Runtimes tried next if the chosen one were unavailable. */
  fallbacks: z.array(RuntimeIdSchema),
});
export type RuntimeDecisionInfo = z.infer<typeof RuntimeDecisionSchema>;

/** How isolated a runtime is: `sandbox` (OS namespaces or a VM), `process` (a separate process only), `none`. */
export const IsolationSchema = z.enum(['none', 'process', 'sandbox']);

/**
 * `POST /api/runtimes/decide`: what the router would pick for a code node, before running it. The code and
 * the policy matter: auto routing looks at what the code uses (modules, Node APIs, Python packages) and at the
 * network and files it asks for.
 */
export const DecideRuntimeBodySchema = z
  .object({
    language: ExecuteLanguageSchema,
    runtime: z.enum(RUNTIME_CHOICES).default('auto'),
    code: z.string().max(1_000_000).default(''),
    policy: ExecutionPolicySchema.partial().default({}),
    trusted: TrustedSchema,
  })
  .strict();

/** The router's decision with the chosen runtime's isolation (the payload of a `node.runtime` event). */
export const RuntimeDecisionInfoSchema = RuntimeDecisionSchema.extend({
  isolation: IsolationSchema.optional(),
  backend: z.string().optional(),
  /** For a node that runs a code agent: the exact version it resolved to. */
  agent: z.object({ agentId: z.string(), version: z.number().int(), hash: z.string() }).optional(),
});

/** `GET /api/metrics/runtimes?windowMinutes=`: the window, one minute to one week. */
export const MetricsQuerySchema = z.object({ windowMinutes: z.coerce.number().int().min(1).max(10_080).default(60) });

export const RuntimeMetricsSchema = z.object({
  runtime: z.string(),
  executions: z.number().int(),
  /** Executions that did not succeed (user errors, timeouts, limits, cancellations). */
  failures: z.number().int(),
  failureRate: z.number(),
  p50Ms: z.number(),
  p95Ms: z.number(),
  /** Share of executions that paid for a process start. */
  coldRate: z.number(),
  byStatus: z.record(z.string(), z.number().int()),
});

export const ExecuteCodeResultSchema = z.object({
  status: z.enum([
    'succeeded',
    'failed',
    'timeout',
    'cancelled',
    'output_too_large',
    'out_of_memory',
    'disk_limit',
    'network_denied',
    'unavailable',
  ]),
  output: z.unknown().optional(),
  error: z.object({ code: z.string(), message: z.string(), stack: z.string().optional() }).optional(),
  logs: z.array(z.object({ stream: z.enum(['stdout', 'stderr']), line: z.string(), time: z.number() })),
  logsTruncated: z.boolean(),
  /** The runtime that ran it (null when none could). */
  runtime: RuntimeIdSchema.nullable(),
  backend: z.string().nullable(),
  decision: RuntimeDecisionSchema,
  durationMs: z.number(),
  /** True when the call paid for a process start. */
  cold: z.boolean(),
});
export type ExecuteCodeResult = z.infer<typeof ExecuteCodeResultSchema>;

/** A stored secret as the API shows it: never its value. */
export const SecretInfoSchema = z.object({ name: z.string(), createdAt: z.string(), updatedAt: z.string() });
export type SecretInfo = z.infer<typeof SecretInfoSchema>;

/** `PUT /api/secrets/:name`: the value, write-only. */
export const PutSecretBodySchema = z.object({ value: z.string().min(1).max(32_768) }).strict();
