import { webhookNode } from '@switchyard/shared';
import { defineExecutor } from './executor.ts';

/** Emits the run's input, the request `{ body, query, headers, method }` (the engine runs a trigger only when it started the run). */
export const webhookExecutor = defineExecutor(webhookNode, async ({ run }) => ({ output: run.input ?? null }));
