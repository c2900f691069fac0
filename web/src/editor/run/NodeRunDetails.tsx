/** Stub: replaced by the run work (node input / output / logs). */
export function NodeRunDetails(_: { nodeId: string }) {
  return null;
}
