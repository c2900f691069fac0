import type { Executor } from './executor.ts';

/** Emits the run's input on `output`. */
export const triggerExecutor: Executor<'trigger'> = async ({ runInput }) => ({ output: runInput ?? null });
