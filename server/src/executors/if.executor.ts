import { evaluateGroup, ifNode } from '@switchyard/shared';
import { defineExecutor } from './executor.ts';

/** Passes the input on `true` or `false`; the absent key is the port not taken. */
export const ifExecutor = defineExecutor(ifNode, async ({ config, inputs }) => {
  const input = inputs.input ?? null;
  return { output: evaluateGroup(config, input) ? { true: input } : { false: input } };
});
