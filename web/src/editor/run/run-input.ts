import { defaultRegistry, type NodeRegistry } from '@switchyard/shared';
import { definitionOf } from '../../node-registry/definitions.ts';
import type { NodeData } from '../store/flow-types.ts';

type NodeLike = { id: string; data: NodeData };

/**
 * Per workflow; per trigger node when the workflow has several and the run dialog named one (the bare key is the
 * one-trigger case, and what the default trigger falls back to).
 */
const storageKey = (workflowId: string, triggerNodeId?: string) =>
  `switchyard:run-input:${workflowId}${triggerNodeId ? `:${triggerNodeId}` : ''}`;

/** The input text last started with for this workflow (and trigger), if this browser remembers one. */
export function rememberedInput(workflowId: string, triggerNodeId?: string): string | null {
  try {
    return localStorage.getItem(storageKey(workflowId, triggerNodeId));
  } catch {
    return null; // storage disabled (privacy mode): nothing remembered
  }
}

/** Remembers the input text of a started run, per workflow (and trigger node when one was picked), for the next dialog. */
export function rememberInput(workflowId: string, text: string, triggerNodeId?: string): void {
  try {
    localStorage.setItem(storageKey(workflowId, triggerNodeId), text);
  } catch {
    // Full or disabled storage only costs the convenience.
  }
}

/** A node that can start a run, as the run dialog offers it. */
export interface TriggerChoice {
  nodeId: string;
  /** The definition's trigger kind: `manual`, `webhook`, `schedule`… */
  kind: string;
  /** The node's label, else its type's title. */
  label: string;
}

/** The workflow's trigger nodes (their definition sets `trigger`), in document order. */
export function triggerChoices(nodes: readonly NodeLike[], registry: NodeRegistry = defaultRegistry): TriggerChoice[] {
  return nodes.flatMap((n) => {
    const def = definitionOf(registry, n.data.type);
    if (!def?.trigger) return [];
    return [{ nodeId: n.id, kind: def.trigger.kind, label: n.data.label || def.title }];
  });
}

/** The trigger a run starts from unless the user picks another: the manual trigger, else the first. */
export function defaultTrigger(choices: readonly TriggerChoice[]): TriggerChoice | undefined {
  return choices.find((c) => c.kind === 'manual') ?? choices[0];
}

/** A trigger node's `config.sampleInput` as editable JSON text (default: the default trigger's), or null when it has none. */
export function sampleInputText(
  nodes: readonly NodeLike[],
  triggerNodeId?: string,
  registry: NodeRegistry = defaultRegistry,
): string | null {
  const id = triggerNodeId ?? defaultTrigger(triggerChoices(nodes, registry))?.nodeId;
  const sample = nodes.find((n) => n.id === id)?.data.config.sampleInput;
  if (sample === undefined) return null;
  // A JSON field may keep the text the user typed; keep it verbatim when it is valid JSON.
  if (typeof sample === 'string' && parseRunInput(sample).ok) return sample;
  return JSON.stringify(sample, null, 2);
}

/**
 * What the run dialog opens with for a trigger (default: the default trigger): the input last started from it,
 * else (default trigger only) this workflow's last input, else the trigger's sample, else `{}`.
 */
export function initialRunInput(
  workflowId: string,
  nodes: readonly NodeLike[],
  triggerNodeId?: string,
  registry: NodeRegistry = defaultRegistry,
): string {
  const fallback = defaultTrigger(triggerChoices(nodes, registry))?.nodeId;
  const id = triggerNodeId ?? fallback;
  const remembered = (id ? rememberedInput(workflowId, id) : null) ?? (id === fallback ? rememberedInput(workflowId) : null);
  return remembered ?? sampleInputText(nodes, id, registry) ?? '{}';
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
