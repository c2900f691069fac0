/** Stub: replaced by the run work (streamed logs). */
export function RunPanel() {
  return null;
}
