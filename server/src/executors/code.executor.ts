import { describeIssues, schemaFromJson } from '@switchyard/shared';
import { describeDecision, pickRuntime } from '../runtimes/index.ts';
import { resolveEnv } from '../secrets/resolve-env.ts';
import { SecretsMissingError } from '../secrets/secret-store.ts';
import { type Executor, NodeError } from './executor.ts';

/**
 * Runs user code through the runtime router. `main` returns the single output port's value, or an
 * object keyed by output port name when there are several.
 */
export const codeExecutor: Executor<'code'> = async ({
  config,
  node,
  inputs,
  signal,
  log,
  decided,
  runtimes,
  secrets,
  trusted,
  workflowId,
  runId,
}) => {
  const pick = pickRuntime(
    { requested: config.runtime, language: config.language, code: config.code, network: config.network, trusted },
    runtimes,
  );
  decided(describeDecision(pick));
  if (!pick.runtime) throw new NodeError(pick.error?.code ?? 'runtime_unavailable', pick.decision.reason);
  if (config.inputSchema) {
    const checked = schemaFromJson(config.inputSchema).safeParse(inputs);
    if (!checked.success)
      throw new NodeError('invalid_input', `the inputs do not match the node's input schema: ${describeIssues(checked.error)}`);
  }
  // Secret references become values only here, for the runtime; everything the code emits is redacted.
  const resolved = await resolveEnv(config.env, secrets).catch((err: unknown) => {
    if (err instanceof SecretsMissingError) throw new NodeError('secret_missing', err.message);
    throw err;
  });
  const { redact } = resolved;
  const result = await pick.runtime.execute(
    {
      language: config.language,
      code: config.code,
      inputs,
      // The node's policy: limits, network and its declared environment (nothing of the host's).
      timeoutMs: config.timeoutMs,
      memoryMb: config.memoryMb,
      maxOutputBytes: config.maxOutputBytes,
      maxLogBytes: config.maxLogBytes,
      network: config.network,
      allowedHosts: config.allowedHosts,
      filesystem: config.filesystem,
      env: resolved.env,
      // Code of one workflow is one trust domain: its calls may share a warm process (never after a failure).
      reuseKey: workflowId,
      meta: { source: 'run', workflowId, runId, nodeId: node.id },
      onLog: (l) => log(l.stream, redact.text(l.line)),
    },
    signal,
  );
  result.output = redact.value(result.output);
  if (result.error) result.error = redact.value(result.error);
  if (result.status !== 'succeeded') {
    const error = result.error ?? { code: result.status, message: `code ended with status ${result.status}` };
    throw new NodeError(error.code, error.message, error.stack, result.runtime);
  }
  if (config.outputSchema) {
    const checked = schemaFromJson(config.outputSchema).safeParse(result.output ?? null);
    if (!checked.success)
      throw new NodeError(
        'invalid_output',
        `the returned value does not match the node's output schema: ${describeIssues(checked.error)}`,
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
};
