import { evaluateGroup, SWITCH_DEFAULT_PORT, switchNode } from '@switchyard/shared';
import { defineExecutor } from './executor.ts';

/** Passes the input on the first matching case's port, else on `default`; every other port is not taken. */
export const switchExecutor = defineExecutor(switchNode, async ({ config, inputs }) => {
  const input = inputs.input ?? null;
  const port = config.cases.find((c) => evaluateGroup(c, input))?.name ?? SWITCH_DEFAULT_PORT;
  return { output: { [port]: input } };
});
