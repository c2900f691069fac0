import { useState } from 'react';
import { Link } from 'wouter';
import { useCan } from '../../auth/useCan.ts';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import type { EditorMode } from '../EditorLayout.tsx';
import { useEditor } from '../store/EditorStoreProvider.tsx';
import { useRestoreVersion } from './useRestoreVersion.ts';
import './persistence.css';

/** Above a read-only canvas: what is shown, and the way back to the editable latest version. */
export function VersionBanner({ mode, latestVersion }: { mode: Exclude<EditorMode, { kind: 'edit' }>; latestVersion: number }) {
  const workflowId = encodeURIComponent(useEditor((s) => s.workflowId) ?? '');
  const shownVersion = useEditor((s) => s.savedVersion);
  const canWrite = useCan('workflows:write');
  if (mode.kind === 'run')
    return (
      <section className="version-banner" aria-label="Read-only view">
        <span>
          Run <code>{mode.runId}</code>
          {shownVersion !== null && <> on version {shownVersion}</>} <span className="muted">(read-only)</span>
        </span>
        <Link className="button" href={`/workflows/${workflowId}`}>
          Back to editor
        </Link>
      </section>
    );
  return (
    <section className="version-banner" aria-label="Read-only view">
      <span>
        Viewing version {mode.version} of {latestVersion} <span className="muted">(read-only)</span>
      </span>
      {mode.version !== latestVersion && canWrite && <RestoreButton version={mode.version} latestVersion={latestVersion} />}
      <Link className="button" href={`/workflows/${workflowId}`}>
        Back to latest
      </Link>
    </section>
  );
}

function RestoreButton({ version, latestVersion }: { version: number; latestVersion: number }) {
  const [confirming, setConfirming] = useState(false);
  const restore = useRestoreVersion();
  return (
    <>
      <button
        type="button"
        className="button button-primary"
        onClick={() => {
          restore.reset();
          setConfirming(true);
        }}
      >
        Restore this version
      </button>
      {confirming && (
        <ConfirmDialog
          title={`Restore version ${version}?`}
          confirmLabel="Restore"
          busy={restore.isPending}
          error={restore.error}
          onCancel={() => setConfirming(false)}
          onConfirm={() => restore.mutate(version)}
        >
          <p>
            Its graph is saved as version {latestVersion + 1} and opens in the editor. Versions 1 to {latestVersion} stay in the
            history.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
