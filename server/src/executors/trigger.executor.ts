import { triggerNode } from '@switchyard/shared';
import { defineExecutor } from './executor.ts';

/** Emits the run's input on `output` (the engine runs a trigger only when it started the run). */
export const triggerExecutor = defineExecutor(triggerNode, async ({ run }) => ({ output: run.input ?? null }));
