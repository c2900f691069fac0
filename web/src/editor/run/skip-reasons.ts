import type { NodeRunState } from '../store/run-state.ts';

/**
 * Why the engine skipped a node (`error.code` of a skipped node, server/src/engine/port-values.ts `SKIP`).
 * The first two are not failures: the run still succeeds.
 */
export const SKIP_CODES = {
  branchNotTaken: 'branch_not_taken',
  notTriggered: 'not_triggered',
  upstreamFailed: 'upstream_failed',
} as const;

/** The short words a node card shows for a skip. */
const SKIP_LABEL: Record<string, string> = {
  [SKIP_CODES.branchNotTaken]: 'not taken',
  [SKIP_CODES.notTriggered]: 'not triggered',
  [SKIP_CODES.upstreamFailed]: 'upstream failed',
};

/** A skipped node's reason as the card shows it: a short label and the engine's sentence. Null when not skipped. */
export function skipOf(state: NodeRunState | null | undefined): { code: string; label: string; reason: string } | null {
  if (state?.status !== 'skipped') return null;
  const code = state.error?.code ?? SKIP_CODES.upstreamFailed;
  return { code, label: SKIP_LABEL[code] ?? 'skipped', reason: state.error?.message ?? 'skipped' };
}

/** Skipped because its branch or trigger was not taken in this run: by design, not because something failed. */
export function isNotTaken(state: NodeRunState | null | undefined): boolean {
  const code = skipOf(state)?.code;
  return code === SKIP_CODES.branchNotTaken || code === SKIP_CODES.notTriggered;
}
