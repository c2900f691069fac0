import type { CodeAgent } from '@switchyard/shared';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { useCan } from '../auth/useCan.ts';
import { ErrorNotice } from '../ErrorNotice.tsx';
import { ThemeToggle } from '../theme/ThemeToggle.tsx';
import { useStudio, useStudioApi } from './StudioStoreProvider.tsx';
import { usePublish, useSaveVersion } from './studio.mutations.ts';
import { sameDraft } from './studio-store.ts';

/**
 * Name, version, unsaved state, and the actions on the whole agent: save a version, discard, publish (offered to
 * roles that may change agents only).
 */
export function StudioHeader({ agent }: { agent: CodeAgent }) {
  const store = useStudioApi();
  const canWrite = useCan('agents:write');
  const base = useStudio((s) => s.base.version);
  const restoredFrom = useStudio((s) => s.restoredFrom);
  const dirty = useStudio((s) => !sameDraft(s.draft, s.base.draft));
  const [changelog, setChangelog] = useState('');
  const save = useSaveVersion(agent.id);
  const publish = usePublish(agent.id);

  const onSave = () => {
    if (save.isPending || !canWrite) return;
    const { draft } = store.getState();
    const note = changelog.trim() || (restoredFrom ? `Restore version ${restoredFrom}` : '');
    save.mutate(
      { draft, changelog: note },
      {
        onSuccess: (version) => {
          store.getState().saved(version);
          setChangelog('');
        },
      },
    );
  };

  // Ctrl/Cmd+S saves a version; leaving the page with unsaved changes asks first.
  const saveRef = useRef(onSave);
  saveRef.current = onSave;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's')) return;
      e.preventDefault();
      const { draft, base } = store.getState();
      if (!sameDraft(draft, base.draft)) saveRef.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);
  useEffect(() => {
    if (!dirty) return;
    const onLeave = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', onLeave);
    return () => window.removeEventListener('beforeunload', onLeave);
  }, [dirty]);

  return (
    <header className="studio-header">
      <Link href="/code-agents" className="studio-back">
        ← Code agents
      </Link>
      <div className="studio-title">
        <h1>{agent.name}</h1>
        <code>{agent.slug}</code>
        <span className="tag" data-testid="studio-version">
          v{base}
        </span>
        {agent.latestVersion > base && <span className="tag tag-warn">v{agent.latestVersion} exists</span>}
        {restoredFrom !== null && <span className="tag">restored from v{restoredFrom}</span>}
        {dirty && <span className="studio-dirty">unsaved changes</span>}
      </div>
      {canWrite ? (
        <form
          className="studio-save"
          onSubmit={(e) => {
            e.preventDefault();
            onSave();
          }}
        >
          <input
            className="input"
            aria-label="Changelog"
            placeholder="What changed?"
            value={changelog}
            maxLength={500}
            onChange={(e) => setChangelog(e.target.value)}
          />
          <button
            type="submit"
            className="button button-primary"
            disabled={!dirty || save.isPending}
            title="Save the draft as the next version (Ctrl+S)"
          >
            {save.isPending ? 'Saving…' : 'Save version'}
          </button>
          <button type="button" className="button" disabled={!dirty} onClick={() => store.getState().discard()}>
            Discard
          </button>
        </form>
      ) : (
        <span className="tag tag-muted" title="Your role in this workspace cannot change code agents">
          Read only
        </span>
      )}
      {agent.published && <span className="tag studio-published">published</span>}
      {canWrite && (
        <button type="button" className="button" disabled={publish.isPending} onClick={() => publish.mutate(!agent.published)}>
          {agent.published ? 'Unpublish' : 'Publish'}
        </button>
      )}
      <ThemeToggle />
      {(save.error ?? publish.error) && (
        <div className="studio-header-error">
          <ErrorNotice error={(save.error ?? publish.error) as Error} />
        </div>
      )}
    </header>
  );
}
