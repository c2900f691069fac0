import { outputNode } from '@switchyard/shared';
import { defineExecutor } from './executor.ts';

/** Passes its input through; the engine collects `runOutput` nodes into the run's output. */
export const outputExecutor = defineExecutor(outputNode, async ({ inputs }) => ({ output: inputs.input ?? null }));
