import { MAX_JSON_DEPTH } from '../middleware/validate.ts';
import type { ExecError, ExecuteResult } from './runtime.ts';

/**
 * Deepest nesting of arrays and objects a runtime may return: the same as a request body's, so an output can
 * travel on as another call's inputs. Outputs are JSON.parse'd (which does not recurse), but everything
 * after (redaction, replies, jsonb writes) walks them recursively and overflows the stack a few thousand
 * levels down; a value this shallow leaves every layer plenty of room for its own envelope.
 */
export const MAX_OUTPUT_DEPTH = MAX_JSON_DEPTH;

/**
 * Why a parsed output cannot be handed on, or null. Walks iteratively (a deep value must not overflow this
 * check either) and stops at the first container past `MAX_OUTPUT_DEPTH`. Size is bounded before parsing,
 * by each runtime's `maxOutputBytes`.
 */
export function outputShapeError(value: unknown): ExecError | null {
  const stack: [unknown, number][] = [[value, 0]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [current, depth] = item;
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= MAX_OUTPUT_DEPTH) {
      return {
        code: 'output_too_deep',
        message: `the output nests arrays and objects deeper than ${MAX_OUTPUT_DEPTH} levels`,
      };
    }
    for (const child of Object.values(current)) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return null;
}

/** `{ status: 'succeeded', output }`, or the failure saying why the output cannot be returned. */
export function checkedOutput(output: unknown): Pick<ExecuteResult, 'status' | 'output' | 'error'> {
  const error = outputShapeError(output);
  return error ? { status: 'failed', error } : { status: 'succeeded', output };
}
