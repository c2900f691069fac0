import type { EditorMode } from '../EditorLayout.tsx';

/** Stub: replaced by the persistence work (read-only banner with restore / back to latest). */
export function VersionBanner(_: { mode: Exclude<EditorMode, { kind: 'edit' }>; latestVersion: number }) {
  return null;
}
