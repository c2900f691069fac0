/** Stub: replaced by the run work (past runs of this workflow). */
export function RunHistoryPanel(_: { onClose(): void }) {
  return null;
}
