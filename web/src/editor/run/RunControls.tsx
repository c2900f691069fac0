/** Stub: replaced by the run work (run dialog, cancel). */
export function RunControls(_: { onRunStarted(): void }) {
  return null;
}
