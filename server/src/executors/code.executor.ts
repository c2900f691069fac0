import { codeNode, describeIssues, type EnvValue, type NodeConfig, schemaFromJson } from '@switchyard/shared';
import { assembleOnce } from '../registry/assemble.ts';
import { describeDecision, type NetworkMode, pickRuntime } from '../runtimes/index.ts';
import { envFingerprint, resolveEnv } from '../secrets/resolve-env.ts';
import { SecretsMissingError } from '../secrets/secret-store.ts';
import { defineExecutor, type ExecutorContext, NodeError } from './executor.ts';

/** What one code node runs: its own code and policy, or a code agent's pinned version. */
interface CodeSpec {
  language: NodeConfig<'code'>['language'];
  code: string;
  runtime: NodeConfig<'code'>['runtime'];
  policy: {
    timeoutMs: number;
    memoryMb: number;
    maxOutputBytes: number;
    maxLogBytes: number;
    network: NetworkMode;
    allowedHosts: string[];
    filesystem: 'tmp' | 'none';
    /** MiB per writable place (see POLICY_FIELDS.diskMb); absent: the runtime's default. */
    diskMb?: number;
    env: Record<string, EnvValue>;
  };
  /** Schemas checked around the call, each with whose it is (for the message). */
  inputSchemas: { owner: string; schema: Record<string, unknown> }[];
  outputSchemas: { owner: string; schema: Record<string, unknown> }[];
  localModules: readonly string[];
  agent?: { agentId: string; version: number; hash: string };
}

/**
 * Runs user code through the runtime router: the node's own code, or a code agent's version (pinned, or the
 * latest published one, resolved now and recorded in the `node.runtime` event). `main` returns the single
 * output port's value, or an object keyed by output port name when there are several.
 */
export const codeExecutor = defineExecutor(codeNode, async (ctx) => {
  const { config, node, inputs, signal, log, decided, run } = ctx;
  const { runtimes } = ctx.services;
  const { secrets: runSecrets, trusted, workflowId, workspaceId, id: runId } = run;
  const spec = config.agent ? await agentSpec(ctx) : inlineSpec(config);
  const pick = pickRuntime(
    {
      requested: spec.runtime,
      language: spec.language,
      code: spec.code,
      network: spec.policy.network,
      trusted,
      localModules: spec.localModules,
    },
    runtimes,
  );
  decided({ ...describeDecision(pick), ...(spec.agent ? { agent: spec.agent } : {}) });
  if (!pick.runtime) throw new NodeError(pick.error?.code ?? 'runtime_unavailable', pick.decision.reason);
  for (const { owner, schema } of spec.inputSchemas) {
    const checked = schemaFromJson(schema).safeParse(inputs);
    if (!checked.success)
      throw new NodeError('invalid_input', `the inputs do not match ${owner} input schema: ${describeIssues(checked.error)}`);
  }
  // Secret references become values only here, for the runtime (revealing adds them to the run's set); everything
  // the code emits is redacted with every secret the run has resolved so far (this node's included), not only this node's.
  const resolved = await resolveEnv(spec.policy.env, (names) => runSecrets.reveal(names)).catch((err: unknown) => {
    if (err instanceof SecretsMissingError) throw new NodeError('secret_missing', err.message);
    throw err;
  });
  const result = await pick.runtime.execute(
    {
      language: spec.language,
      code: spec.code,
      inputs,
      // The policy: limits, network and the declared environment (nothing of the host's).
      ...spec.policy,
      env: resolved.env,
      // Calls may share a warm process (never after a failure) only within one workflow, one code origin and
      // one resolved environment: a process that ran other code, or saw other secrets, could hand them over.
      reuseKey: reuseKeyOf(workflowId, spec, resolved.env),
      meta: {
        source: 'run',
        workspaceId,
        workflowId,
        runId,
        nodeId: node.id,
        ...(spec.agent ? { agentId: spec.agent.agentId, agentVersion: spec.agent.version } : {}),
      },
      onLog: (l) => log(l.stream, runSecrets.redact.text(l.line)),
    },
    signal,
  );
  const redact = runSecrets.redact;
  result.output = redact.value(result.output);
  if (result.error) result.error = redact.value(result.error);
  if (result.status !== 'succeeded') {
    const error = result.error ?? { code: result.status, message: `code ended with status ${result.status}` };
    throw new NodeError(error.code, error.message, error.stack, result.runtime);
  }
  for (const { owner, schema } of spec.outputSchemas) {
    const checked = schemaFromJson(schema).safeParse(result.output ?? null);
    if (!checked.success)
      throw new NodeError(
        'invalid_output',
        `the returned value does not match ${owner} output schema: ${describeIssues(checked.error)}`,
        undefined,
        result.runtime,
      );
  }
  const outputs = node.ports.outputs;
  if (outputs.length > 1) {
    const value = result.output;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new NodeError(
        'invalid_output',
        `main must return an object keyed by output port (${outputs.map((p) => p.name).join(', ')}), got ${Array.isArray(value) ? 'an array' : typeof value}`,
        undefined,
        result.runtime,
      );
    }
  }
  return { output: result.output, runtime: result.runtime };
});

const NODE = "the node's";

/**
 * The process-reuse key of a call: the workflow, the code's origin (a code agent's exact version, or the
 * workflow's inline code) and a keyed fingerprint of the resolved environment (no secret text in the key).
 */
function reuseKeyOf(workflowId: string, spec: CodeSpec, env: Record<string, string>): string {
  const origin = spec.agent ? `agent:${spec.agent.agentId}@${spec.agent.version}` : 'inline';
  return `${workflowId}\u0000${origin}\u0000${envFingerprint(env)}`;
}

function inlineSpec(config: NodeConfig<'code'>): CodeSpec {
  return {
    language: config.language,
    code: config.code,
    runtime: config.runtime,
    policy: {
      timeoutMs: config.timeoutMs,
      memoryMb: config.memoryMb,
      maxOutputBytes: config.maxOutputBytes,
      maxLogBytes: config.maxLogBytes,
      network: config.network,
      allowedHosts: config.allowedHosts,
      filesystem: config.filesystem,
      diskMb: config.diskMb,
      env: config.env,
    },
    inputSchemas: config.inputSchema ? [{ owner: NODE, schema: config.inputSchema }] : [],
    outputSchemas: config.outputSchema ? [{ owner: NODE, schema: config.outputSchema }] : [],
    localModules: [],
  };
}

/** The agent's version: its code, runtime and policy (the node's timeout still bounds it), both sets of schemas. */
async function agentSpec(ctx: ExecutorContext<NodeConfig<'code'>>): Promise<CodeSpec> {
  const { config } = ctx;
  const ref = config.agent as NonNullable<NodeConfig<'code'>['agent']>;
  const found = await ctx.run.agents(ref.agentId, ref.version);
  if ('error' in found) throw new NodeError(found.error.code, found.error.message);
  const { version } = found;
  const content = version.content;
  const assembled = await assembleOnce(content);
  if (!assembled.ok) throw new NodeError('assembly_failed', `the code agent's files do not build: ${assembled.message}`);
  const policy = content.policy as Partial<CodeSpec['policy']>;
  const owner = `code agent ${ref.agentId} v${version.version}'s`;
  return {
    language: content.language,
    code: assembled.code,
    runtime: content.runtime,
    policy: {
      timeoutMs: Math.min(policy.timeoutMs ?? config.timeoutMs, config.timeoutMs),
      memoryMb: policy.memoryMb ?? config.memoryMb,
      maxOutputBytes: policy.maxOutputBytes ?? config.maxOutputBytes,
      maxLogBytes: policy.maxLogBytes ?? config.maxLogBytes,
      network: policy.network ?? 'off',
      allowedHosts: policy.allowedHosts ?? [],
      filesystem: policy.filesystem ?? 'tmp',
      diskMb: policy.diskMb ?? config.diskMb,
      env: policy.env ?? {},
    },
    inputSchemas: [
      ...(content.inputSchema ? [{ owner, schema: content.inputSchema }] : []),
      ...(config.inputSchema ? [{ owner: NODE, schema: config.inputSchema }] : []),
    ],
    outputSchemas: [
      ...(content.outputSchema ? [{ owner, schema: content.outputSchema }] : []),
      ...(config.outputSchema ? [{ owner: NODE, schema: config.outputSchema }] : []),
    ],
    localModules: assembled.localModules,
    agent: { agentId: version.agentId, version: version.version, hash: version.hash },
  };
}
