import { CodeXml } from 'lucide';
import { z } from 'zod';
import { CATEGORIES } from './categories.ts';
import { defineNode } from './define-node.ts';
import { JsonSchemaFieldSchema } from './json-schema.ts';
import { PortNameSchema, type PortSpec, PortTypeSchema } from './port.ts';

export const CODE_LANGUAGES = ['javascript', 'typescript', 'python', 'bash'] as const;
export const RUNTIME_CHOICES = ['auto', 'node', 'wasm', 'e2b'] as const;

/** A port is declared by name (type `any`, required) or as an object for a type or optional input. */
const PortDeclSchema = z.union([
  PortNameSchema,
  z.object({
    name: PortNameSchema,
    type: PortTypeSchema.default('any'),
    required: z.boolean().default(true),
    multiple: z.boolean().default(false),
  }),
]);
export type PortDecl = z.input<typeof PortDeclSchema>;

function toPortSpec(decl: z.output<typeof PortDeclSchema>): PortSpec {
  return typeof decl === 'string' ? { name: decl, type: 'any', required: true } : decl;
}

const uniqueNames = (decls: z.output<typeof PortDeclSchema>[], ctx: z.RefinementCtx) => {
  const seen = new Set<string>();
  decls.forEach((decl, i) => {
    const name = typeof decl === 'string' ? decl : decl.name;
    if (seen.has(name)) ctx.addIssue({ code: 'custom', message: `duplicate port name "${name}"`, path: [i] });
    seen.add(name);
  });
};

/** An environment variable a code node declares: a name the code reads from `process.env`. */
export const EnvNameSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'an environment variable name is letters, digits and _, not starting with a digit')
  .refine((name) => name !== 'PATH', 'PATH is set by the runtime');

/** The name of a stored secret (see `/api/secrets`). */
export const SecretNameSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'a secret name is letters, digits and _, not starting with a digit');

/**
 * The value of an environment variable: literal text, or a reference to a stored secret, resolved on the
 * server at run time. The workflow never holds the value; what the code emits is redacted (its common encodings too),
 * but code that holds a secret can always transform it past redaction (see docs/security.md).
 */
export const EnvValueSchema = z.union([z.string().max(32_768), z.object({ secret: SecretNameSchema }).strict()]);
export type EnvValue = z.infer<typeof EnvValueSchema>;

/**
 * A host the code may reach when `network` is `allowlist`: `api.example.com`, `*.example.com` (any
 * subdomain), optionally with `:port` (any port otherwise). Lower case, no scheme, no path. Never the
 * unspecified address (`0.0.0.0` in any spelling, such as `0` or `0x0.0`; `::` fails the pattern): connecting
 * there reaches the host itself. A loopback or private address is allowed only when named exactly.
 */
export const HostPatternSchema = z
  .string()
  .max(253)
  .regex(
    /^(\*\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*(:[0-9]{1,5})?$/,
    'a host is a lower-case name like api.example.com or *.example.com, optionally with :port',
  )
  .refine(
    (pattern) => !isUnspecifiedHost(pattern),
    '0.0.0.0 (the unspecified address) reaches the host itself; name the host you mean',
  );

/** A host that resolves to 0.0.0.0/8 in the numeric forms resolvers accept (`0.0.0.0`, `0`, `0x0.0`, `00.0`…). */
function isUnspecifiedHost(pattern: string): boolean {
  const parts = pattern.replace(/:[0-9]+$/, '').split('.');
  if (parts.length > 4) return false;
  const values = parts.map((part) =>
    /^0x[0-9a-f]*$/.test(part)
      ? Number.parseInt(part.slice(2) || '0', 16)
      : /^0[0-7]*$/.test(part)
        ? Number.parseInt(part, 8)
        : /^[1-9][0-9]*$/.test(part)
          ? Number(part)
          : Number.NaN,
  );
  if (values.some(Number.isNaN)) return false;
  const [first = 0] = values;
  return (values.length === 1 ? Math.floor(first / 2 ** 24) : first) === 0;
}

const MIB = 1024 * 1024;

/**
 * The execution policy every code node and every ad-hoc execution declares, with safe defaults. One
 * definition for both (`codeNode`'s config and `ExecutionPolicySchema`); only the timeout bound differs.
 */
export const POLICY_FIELDS = {
  /** Heap limit in MiB; as much again is allowed outside the heap (buffers, wasm). */
  memoryMb: z.number().int().min(32).max(4_096).default(256),
  /**
   * `off`: no network at all (default). `allowlist`: HTTP(S) to `allowedHosts` only, through the runtime's
   * filtering proxy. `on`: HTTP(S) to any public address through the same proxy (loopback, private and metadata
   * addresses refused; e2b's remote VM has the internet).
   */
  network: z.enum(['off', 'allowlist', 'on']).default('off'),
  /** Hosts reachable when `network` is `allowlist`. */
  allowedHosts: z.array(HostPatternSchema).max(64).default([]),
  /** `tmp`: a private temporary directory, the working directory, removed afterwards (default). `none`: no writable files at all. */
  filesystem: z.enum(['tmp', 'none']).default('tmp'),
  /**
   * MiB the code may write to each of its writable places (work dir, /tmp, /dev/shm), held in host RAM;
   * beyond it the call ends `disk_limit`.
   */
  diskMb: z.number().int().min(1).max(2_048).default(256),
  /** Environment variables the code sees: text or `{ "secret": "NAME" }` (nothing of the host's leaks in). */
  env: z.record(EnvNameSchema, EnvValueSchema).default({}),
  /** Largest JSON return value, in bytes. */
  maxOutputBytes: z
    .number()
    .int()
    .min(1)
    .max(16 * MIB)
    .default(MIB),
  /** Largest total of log bytes kept per attempt; later lines are dropped with one notice. */
  maxLogBytes: z
    .number()
    .int()
    .min(0)
    .max(16 * MIB)
    .default(MIB),
};

/** Runtimes the router can pick (`auto` is a choice, not a runtime). */
export const RuntimeIdSchema = z.enum(['node', 'wasm', 'e2b']);

export const DEFAULT_CODE = `export default async function main(inputs, ctx) {
  ctx.log('received', inputs.input);
  return inputs.input;
}
`;

/** User code in JS, TS, Python or Bash, run by a runtime outside the server process. */
export const codeNode = defineNode({
  type: 'code',
  version: 1,
  title: 'Code',
  description: 'Runs your code in an isolated runtime; `main(inputs, ctx)` returns the outputs.',
  category: CATEGORIES.code,
  icon: CodeXml,
  subtitle: (config) => (config.agent ? 'code agent' : config.language),
  timeoutMs: (config) => config.timeoutMs,
  config: z.object({
    language: z.enum(CODE_LANGUAGES).default('javascript'),
    code: z.string().max(1_000_000).default(DEFAULT_CODE),
    /**
     * Run a code agent from the registry instead of `code`: a pinned version, or `latest` (its latest version,
     * which must be published), resolved and recorded per run. The version's files, schemas, runtime and policy
     * apply; the node keeps its ports.
     */
    agent: z
      .object({
        agentId: z.string().min(1).max(64),
        version: z.union([z.number().int().positive(), z.literal('latest')]).default('latest'),
      })
      .strict()
      .optional(),
    runtime: z.enum(RUNTIME_CHOICES).default('auto'),
    /** Wall-clock limit for one attempt, in ms. */
    timeoutMs: z.number().int().min(100).max(3_600_000).default(30_000),
    ...POLICY_FIELDS,
    /** JSON Schema the `inputs` object (keyed by port) must match before the code runs. */
    inputSchema: JsonSchemaFieldSchema.optional(),
    /** JSON Schema the returned value must match. */
    outputSchema: JsonSchemaFieldSchema.optional(),
    inputs: z.array(PortDeclSchema).max(64).default(['input']).superRefine(uniqueNames),
    outputs: z.array(PortDeclSchema).max(64).default(['output']).superRefine(uniqueNames),
  }),
  ports: (config) => ({
    inputs: config.inputs.map(toPortSpec),
    outputs: config.outputs.map((d) => ({ ...toPortSpec(d), required: undefined, multiple: undefined })),
  }),
  editor: {
    language: { widget: 'select', label: 'Language', order: 1 },
    runtime: { widget: 'select', label: 'Runtime', order: 2 },
    // A node that runs a code agent does not run its own code: the code box would only mislead.
    code: { widget: 'code', label: 'Code', language: { field: 'language' }, order: 3, hidden: (c) => c.agent !== undefined },
    inputs: { widget: 'ports', label: 'Input ports', order: 4 },
    outputs: { widget: 'ports', label: 'Output ports', order: 5 },
    timeoutMs: { widget: 'number', label: 'Timeout (ms)', order: 6 },
    memoryMb: { widget: 'number', label: 'Memory (MiB)', help: 'Heap limit; as much again outside the heap', order: 7 },
    network: {
      widget: 'select',
      label: 'Network',
      help: 'off: none, not even the host loopback; allowlist: HTTP(S) to the allowed hosts only; on: HTTP(S) to any public address',
      order: 8,
    },
    allowedHosts: {
      widget: 'json',
      label: 'Allowed hosts',
      help: 'With network "allowlist": e.g. ["api.github.com", "*.example.com"]',
      order: 8.5,
    },
    filesystem: {
      widget: 'select',
      label: 'Files',
      help: 'tmp: a private temporary directory; none: nothing writable',
      order: 8.7,
    },
    diskMb: {
      widget: 'number',
      label: 'Disk (MiB)',
      help: 'Most the code may write to its directory, /tmp and /dev/shm each; beyond it the call ends disk_limit',
      order: 8.8,
    },
    env: {
      widget: 'json',
      label: 'Environment',
      help: 'Variables as { "NAME": "value" } or { "NAME": { "secret": "SECRET_NAME" } }; read them with process.env / os.environ',
      order: 9,
    },
    maxOutputBytes: { widget: 'number', label: 'Max output (bytes)', order: 10 },
    maxLogBytes: { widget: 'number', label: 'Max logs (bytes)', order: 11 },
    agent: {
      widget: 'json',
      label: 'Code agent',
      help: 'Run a registry agent instead of the code: { "agentId": "ca_…", "version": 3 } or "latest"',
      order: 3.5,
    },
    inputSchema: {
      widget: 'json',
      label: 'Input schema',
      help: 'JSON Schema of the inputs object, e.g. {"type":"object","properties":{"input":{"type":"number"}}}',
      order: 12,
    },
    outputSchema: { widget: 'json', label: 'Output schema', help: 'JSON Schema the returned value must match', order: 13 },
  },
});
