import { useState } from 'react';
import { call } from '../../api/client.ts';
import { useAgentVersions } from '../../api/code-agents.queries.ts';
import { useCan } from '../../auth/useCan.ts';
import { ErrorNotice } from '../../ErrorNotice.tsx';
import { dateTime, timeAgo } from '../../format.ts';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { useStudio, useStudioApi } from '../StudioStoreProvider.tsx';
import { sameDraft } from '../studio-store.ts';
import { VersionDiffDialog } from './VersionDiffDialog.tsx';

/** Every saved version: compare any two, or restore one into the draft (saving it makes a new version). */
export function HistoryPanel({ agentId }: { agentId: string }) {
  const store = useStudioApi();
  const versions = useAgentVersions(agentId);
  const base = useStudio((s) => s.base.version);
  const canWrite = useCan('agents:write');
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  const [comparing, setComparing] = useState(false);
  const [restoring, setRestoring] = useState<number | null>(null);
  const [restoreError, setRestoreError] = useState<Error | null>(null);

  if (versions.error) return <ErrorNotice error={versions.error} onRetry={() => void versions.refetch()} />;
  if (!versions.data) return <p className="muted">Loading versions…</p>;
  const list = versions.data;
  // Defaults: the newest version against the one before it.
  const toV = to ?? list[0]?.version ?? null;
  const fromV = from ?? list[1]?.version ?? null;

  const restore = async (version: number) => {
    try {
      const v = await call('getCodeAgentVersion', { params: { id: agentId, version } });
      store.getState().restore(v);
      setRestoring(null);
      setRestoreError(null);
    } catch (err) {
      setRestoreError(err as Error);
    }
  };

  return (
    <div className="studio-stack">
      <div className="studio-row">
        <button
          type="button"
          className="button"
          disabled={fromV === null || toV === null || fromV === toV}
          onClick={() => setComparing(true)}
        >
          Compare v{fromV ?? '–'} → v{toV ?? '–'}
        </button>
      </div>
      <table className="studio-versions">
        <thead>
          <tr>
            <th>From</th>
            <th>To</th>
            <th>Version</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {list.map((v) => (
            <tr key={v.version} data-current={v.version === base}>
              <td>
                <input
                  type="radio"
                  name="diff-from"
                  aria-label={`Compare from version ${v.version}`}
                  checked={fromV === v.version}
                  onChange={() => setFrom(v.version)}
                />
              </td>
              <td>
                <input
                  type="radio"
                  name="diff-to"
                  aria-label={`Compare to version ${v.version}`}
                  checked={toV === v.version}
                  onChange={() => setTo(v.version)}
                />
              </td>
              <td>
                <strong>v{v.version}</strong> <code title={v.hash}>{v.hash.slice(0, 10)}</code>
                <div>{v.changelog || <span className="muted">no changelog</span>}</div>
                <div className="muted" title={dateTime(v.createdAt)}>
                  {v.author} · {timeAgo(v.createdAt)}
                </div>
              </td>
              <td>
                {canWrite && (
                  <button
                    type="button"
                    className="button"
                    aria-label={`Restore version ${v.version}`}
                    onClick={() => {
                      const { draft, base } = store.getState();
                      if (sameDraft(draft, base.draft)) void restore(v.version);
                      else setRestoring(v.version);
                    }}
                  >
                    Restore
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {restoreError && <ErrorNotice error={restoreError} />}
      {restoring !== null && (
        <ConfirmDialog
          title={`Restore version ${restoring}?`}
          confirmLabel="Restore"
          danger
          onCancel={() => setRestoring(null)}
          onConfirm={() => void restore(restoring)}
        >
          Your unsaved changes are replaced by version {restoring}. Saving then makes it the newest version; no version is ever
          changed.
        </ConfirmDialog>
      )}
      {comparing && fromV !== null && toV !== null && (
        <VersionDiffDialog agentId={agentId} from={fromV} to={toV} onClose={() => setComparing(false)} />
      )}
    </div>
  );
}
