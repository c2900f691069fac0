import type { Executor } from './executor.ts';

/** Passes its input through; the engine collects output nodes into the run's output. */
export const outputExecutor: Executor<'output'> = async ({ inputs }) => ({ output: inputs.input ?? null });
