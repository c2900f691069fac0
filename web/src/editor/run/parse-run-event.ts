import { type RunEvent, RunEventPayloads, RunEventSchema } from '@switchyard/shared';

/**
 * Parses one SSE `data:` field into a typed run event: the envelope with `RunEventSchema`, then the
 * payload with its type's schema. Returns null for anything malformed (it is skipped, not fatal).
 */
export function parseRunEvent(data: string): RunEvent | null {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return null;
  }
  const envelope = RunEventSchema.safeParse(json);
  if (!envelope.success) return null;
  const payload = RunEventPayloads[envelope.data.type].safeParse(envelope.data.payload);
  if (!payload.success) return null;
  return { ...envelope.data, payload: payload.data } as RunEvent;
}
