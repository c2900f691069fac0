/** Stub: replaced by the run work (SSE into the store). */
export function useRunStream(_runId: string | null): void {}
