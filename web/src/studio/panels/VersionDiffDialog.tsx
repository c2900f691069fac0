import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { call } from '../../api/client.ts';
import { useAgentVersion } from '../../api/code-agents.queries.ts';
import { ErrorNotice } from '../../ErrorNotice.tsx';
import { CodeDiff } from '../../editor/monaco/CodeDiff.tsx';
import { useModal } from '../../ui/useModal.ts';
import { fileLanguage } from '../files/file-language.ts';

const SETTINGS = '(settings)';

/** What changed between two versions: each file (Monaco's diff) and the pinned settings (schemas, runtime, policy). */
export function VersionDiffDialog({
  agentId,
  from,
  to,
  onClose,
}: {
  agentId: string;
  from: number;
  to: number;
  onClose(): void;
}) {
  const ref = useModal();
  const diff = useQuery({
    queryKey: ['code-agents', 'agent', agentId, 'diff', from, to],
    queryFn: ({ signal }) => call('diffCodeAgentVersions', { params: { id: agentId }, query: { from, to }, signal }),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const before = useAgentVersion(agentId, from);
  const after = useAgentVersion(agentId, to);
  const [picked, setPicked] = useState<string | null>(null);
  const files = diff.data?.files ?? [];
  const firstChanged = files.find((f) => f.status !== 'unchanged')?.path ?? files[0]?.path ?? null;
  const current = picked ?? firstChanged;
  const file = files.find((f) => f.path === current);
  const settings = (v: typeof before.data) => {
    if (!v) return '';
    const { files: _files, ...pinned } = v.content;
    return JSON.stringify(pinned, null, 2);
  };
  const unchangedText = (path: string) => after.data?.content.files.find((f) => f.path === path)?.content ?? '';
  const settingsChanged = diff.data ? diff.data.changed.filter((c) => c !== 'files') : [];

  return (
    <dialog
      ref={ref}
      className="dialog studio-diff-dialog"
      aria-labelledby="diff-title"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id="diff-title">
        Version {from} → version {to}
      </h2>
      {diff.error && <ErrorNotice error={diff.error} />}
      {diff.data && (
        <div className="studio-diff">
          <ul className="studio-diff-files" aria-label="Changed files">
            {files.map((f) => (
              <li key={f.path}>
                <button type="button" aria-pressed={f.path === current} onClick={() => setPicked(f.path)}>
                  <span className={`diff-status diff-${f.status}`}>{f.status}</span> {f.path}
                </button>
              </li>
            ))}
            <li>
              <button type="button" aria-pressed={current === SETTINGS} onClick={() => setPicked(SETTINGS)}>
                <span className={`diff-status diff-${settingsChanged.length ? 'changed' : 'unchanged'}`}>
                  {settingsChanged.length ? 'changed' : 'unchanged'}
                </span>{' '}
                settings{settingsChanged.length ? ` (${settingsChanged.join(', ')})` : ''}
              </button>
            </li>
          </ul>
          <div className="studio-diff-view">
            {current === SETTINGS ? (
              <CodeDiff
                key={`${from}-${to}-settings`}
                modelKey={`${agentId}/${from}-${to}/settings`}
                original={settings(before.data)}
                modified={settings(after.data)}
                language="plaintext"
                height="60vh"
                ariaLabel="Settings diff"
              />
            ) : file ? (
              <CodeDiff
                key={`${from}-${to}-${file.path}`}
                modelKey={`${agentId}/${from}-${to}/${file.path}`}
                original={file.before ?? (file.status === 'unchanged' ? unchangedText(file.path) : '')}
                modified={file.after ?? (file.status === 'unchanged' ? unchangedText(file.path) : '')}
                language={fileLanguage(file.path, after.data?.content.language ?? 'plaintext')}
                height="60vh"
                ariaLabel={`Diff of ${file.path}`}
              />
            ) : null}
          </div>
        </div>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose} data-autofocus="">
          Close
        </button>
      </div>
    </dialog>
  );
}
