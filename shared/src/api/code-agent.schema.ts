import { z } from 'zod';
import { CODE_LANGUAGES, RUNTIME_CHOICES } from '../nodes/code.node.ts';
import { JsonSchemaFieldSchema } from '../nodes/json-schema.ts';
import { ExecutionPolicySchema } from './code.schema.ts';

/** A code agent's unique, URL-safe name: `slugify-text`, `csv-to-json`. */
export const AgentSlugSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'a slug is 1–63 lower-case letters, digits and -, not starting with -');

/** A file path inside an agent: relative, `/`-separated, no `..`, no empty or hidden-dot-only segments. */
export const AgentFilePathSchema = z
  .string()
  .max(200)
  .regex(
    /^(?!.*(^|\/)\.{1,2}(\/|$))[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/,
    'a file path is relative, like src/util.ts, without . or .. segments',
  );

export const AgentFileSchema = z.object({
  path: AgentFilePathSchema,
  content: z.string().max(1_000_000),
});
export type AgentFile = z.infer<typeof AgentFileSchema>;

const TagSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'a tag is 1–32 lower-case letters, digits and -');

/**
 * Everything a version pins, and what its content hash covers: the code (entry file plus helpers), the schemas
 * of its input and output, the runtime preference and the policy (limits, network, files, declared env and secret
 * references).
 */
export const AgentContentSchema = z
  .object({
    language: z.enum(CODE_LANGUAGES),
    files: z.array(AgentFileSchema).min(1).max(50),
    /** The file whose `main` is called. */
    entry: AgentFilePathSchema,
    inputSchema: JsonSchemaFieldSchema.optional(),
    outputSchema: JsonSchemaFieldSchema.optional(),
    runtime: z.enum(RUNTIME_CHOICES).default('auto'),
    policy: ExecutionPolicySchema.default(ExecutionPolicySchema.parse({})),
  })
  .superRefine((content, ctx) => {
    const seen = new Set<string>();
    content.files.forEach((file, i) => {
      if (seen.has(file.path))
        ctx.addIssue({ code: 'custom', message: `duplicate file "${file.path}"`, path: ['files', i, 'path'] });
      seen.add(file.path);
    });
    if (!seen.has(content.entry))
      ctx.addIssue({ code: 'custom', message: `the entry "${content.entry}" is not one of the files`, path: ['entry'] });
  });
export type AgentContent = z.output<typeof AgentContentSchema>;

const VersionNoteSchema = {
  /** One line saying what changed. */
  changelog: z.string().trim().max(500).default(''),
  /** Ignored since accounts: the server records who is signed in (their email, or `token <name>`). */
  author: z.string().trim().min(1).max(200).default('anonymous'),
};

/** `POST /api/code-agents`: the agent and its version 1. */
export const CreateCodeAgentBodySchema = z
  .object({
    slug: AgentSlugSchema,
    name: z.string().trim().min(1).max(200),
    description: z.string().max(5_000).default(''),
    tags: z.array(TagSchema).max(20).default([]),
    content: AgentContentSchema,
    ...VersionNoteSchema,
  })
  .strict();
export type CreateCodeAgentBody = z.input<typeof CreateCodeAgentBodySchema>;

/** `PATCH /api/code-agents/:id`: metadata only; versions are never changed (save a new one instead). */
export const PatchCodeAgentBodySchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    description: z.string().max(5_000).optional(),
    tags: z.array(TagSchema).max(20).optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'send at least one of name, description, tags' });

/** `POST /api/code-agents/:id/versions`: new content, saved as the next version. */
export const CreateAgentVersionBodySchema = z.object({ content: AgentContentSchema, ...VersionNoteSchema }).strict();

/** `GET /api/code-agents?q=&tag=&language=&runtime=&published=`. */
export const ListCodeAgentsQuerySchema = z.object({
  q: z.string().max(200).optional(),
  tag: TagSchema.optional(),
  language: z.enum(CODE_LANGUAGES).optional(),
  runtime: z.enum(RUNTIME_CHOICES).optional(),
  published: z.enum(['true', 'false']).optional(),
});

export const CodeAgentSummarySchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  tags: z.array(z.string()),
  /** Of the latest version. */
  language: z.enum(CODE_LANGUAGES),
  runtime: z.enum(RUNTIME_CHOICES),
  published: z.boolean(),
  latestVersion: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CodeAgentSummary = z.infer<typeof CodeAgentSummarySchema>;

/** One immutable version: its content, pinned by a sha256 over files, schemas, runtime and policy. */
export const CodeAgentVersionSchema = z.object({
  agentId: z.string(),
  version: z.number().int(),
  /** sha256 (hex) of the canonical JSON of the content. */
  hash: z.string(),
  content: z.object({
    language: z.enum(CODE_LANGUAGES),
    files: z.array(AgentFileSchema),
    entry: z.string(),
    inputSchema: z.record(z.string(), z.unknown()).optional(),
    outputSchema: z.record(z.string(), z.unknown()).optional(),
    runtime: z.enum(RUNTIME_CHOICES),
    policy: z.record(z.string(), z.unknown()),
  }),
  changelog: z.string(),
  author: z.string(),
  createdAt: z.string(),
});
export type CodeAgentVersion = z.infer<typeof CodeAgentVersionSchema>;

export const CodeAgentVersionSummarySchema = CodeAgentVersionSchema.omit({ content: true });

export const CodeAgentSchema = CodeAgentSummarySchema.extend({ latest: CodeAgentVersionSchema });
export type CodeAgent = z.infer<typeof CodeAgentSchema>;

/** `GET /api/code-agents/:id/diff?from=&to=`: per-file changes (with contents) and the other pinned fields that differ. */
export const AgentVersionDiffSchema = z.object({
  from: z.number().int(),
  to: z.number().int(),
  files: z.array(
    z.object({
      path: z.string(),
      status: z.enum(['added', 'removed', 'changed', 'unchanged']),
      before: z.string().optional(),
      after: z.string().optional(),
    }),
  ),
  changed: z.array(z.string()),
});

/** `POST /api/code-agents/:id/versions/:version/execute`: run a pinned version through the router. */
export const ExecuteAgentBodySchema = z
  .object({
    inputs: z.record(z.string(), z.unknown()).default({}),
    /** Accept process-only isolation where this server has no OS sandbox. */
    trusted: z.boolean().default(false),
  })
  .strict();

/** `POST /api/code-agents/drafts/run`: run content that is not saved yet (Sandbox Studio's test panel). */
export const RunAgentDraftBodySchema = z
  .object({
    content: AgentContentSchema,
    inputs: z.record(z.string(), z.unknown()).default({}),
    trusted: z.boolean().default(false),
  })
  .strict();

/** `POST /api/code-agents/drafts/decide`: where content that is not saved yet would run, and why. */
export const DecideAgentDraftBodySchema = z.object({ content: AgentContentSchema, trusted: z.boolean().default(false) }).strict();

/** A version as a tool: what an LLM sees (name, description, input JSON Schema) and what it pins. */
export const ToolManifestSchema = z.object({
  /** The agent's slug: a valid tool name for LangChain and MCP. */
  name: z.string(),
  description: z.string(),
  inputSchema: z.record(z.string(), z.unknown()),
  outputSchema: z.record(z.string(), z.unknown()).optional(),
  agentId: z.string(),
  version: z.number().int(),
  hash: z.string(),
});
export type ToolManifest = z.infer<typeof ToolManifestSchema>;

/** Every execution of an agent (from runs and direct calls) in five figures; all zero or null before the first. */
export const AgentUsageSummarySchema = z.object({
  calls: z.number().int(),
  failures: z.number().int(),
  /** failures / calls, 0 to 1 (0 without calls). */
  failureRate: z.number(),
  /** Median duration in ms (null before the first call). */
  p50Ms: z.number().nullable(),
  lastUsedAt: z.string().nullable(),
});
export type AgentUsageSummary = z.infer<typeof AgentUsageSummarySchema>;

/** One row of `GET /api/code-agents`: the summary with its usage, from one grouped query for the whole list. */
export const CodeAgentListItemSchema = CodeAgentSummarySchema.extend({ usage: AgentUsageSummarySchema });
export type CodeAgentListItem = z.infer<typeof CodeAgentListItemSchema>;

/** `GET /api/code-agents/:id/usage`: every execution of the agent, from runs and direct calls. */
export const AgentUsageSchema = AgentUsageSummarySchema.extend({
  byVersion: z.array(z.object({ version: z.number().int(), calls: z.number().int() })),
  /** Workflows whose runs executed it, most recent first. */
  workflows: z.array(z.object({ id: z.string(), name: z.string(), lastUsedAt: z.string() })),
});
export type AgentUsage = z.infer<typeof AgentUsageSchema>;
