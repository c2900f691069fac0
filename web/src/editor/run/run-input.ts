import { defaultRegistry } from '@switchyard/shared';
import type { NodeData } from '../store/flow-types.ts';

const storageKey = (workflowId: string) => `switchyard:run-input:${workflowId}`;

/** The input text last started with for this workflow, if this browser remembers one. */
export function rememberedInput(workflowId: string): string | null {
  try {
    return localStorage.getItem(storageKey(workflowId));
  } catch {
    return null; // storage disabled (privacy mode): nothing remembered
  }
}

/** Remembers the input text of a started run, per workflow, for the next run dialog. */
export function rememberInput(workflowId: string, text: string): void {
  try {
    localStorage.setItem(storageKey(workflowId), text);
  } catch {
    // Full or disabled storage only costs the convenience.
  }
}

/** The trigger node's `config.sampleInput` as editable JSON text, or null when it has none. */
export function sampleInputText(nodes: readonly { data: NodeData }[]): string | null {
  const trigger = nodes.find((n) => defaultRegistry[n.data.type]?.category === 'triggers');
  const sample = trigger?.data.config.sampleInput;
  if (sample === undefined) return null;
  // A JSON field may keep the text the user typed; keep it verbatim when it is valid JSON.
  if (typeof sample === 'string' && parseRunInput(sample).ok) return sample;
  return JSON.stringify(sample, null, 2);
}

/** What the run dialog opens with: this workflow's last input, else the trigger's sample, else `{}`. */
export function initialRunInput(workflowId: string, nodes: readonly { data: NodeData }[]): string {
  return rememberedInput(workflowId) ?? sampleInputText(nodes) ?? '{}';
}

export type ParsedInput = { ok: true; value: unknown } | { ok: false; error: string };

/** Parses the dialog's text; the error is the parser's message, shown under the field. */
export function parseRunInput(text: string): ParsedInput {
  if (text.trim() === '') return { ok: false, error: 'Enter a JSON value, for example {} or null.' };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (cause) {
    return { ok: false, error: cause instanceof Error ? cause.message : String(cause) };
  }
}
