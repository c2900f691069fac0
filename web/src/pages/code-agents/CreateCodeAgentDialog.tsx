import { CODE_LANGUAGES } from '@switchyard/shared';
import { useState } from 'react';
import { useLocation } from 'wouter';
import { useCreateCodeAgent } from '../../api/code-agents.queries.ts';
import { ErrorNotice } from '../../ErrorNotice.tsx';
import { useModal } from '../../ui/useModal.ts';
import { AgentIdentityFields, isSlugTaken, useAgentIdentity } from './AgentIdentityFields.tsx';
import { type AgentLanguage, entryPath, isLanguage, STARTER_CODE } from './agent-content.ts';
import { studioHref } from './CodeAgentRow.tsx';

/** Asks for a name, slug and language, creates the agent (version 1: one starter file) and opens it in Studio. */
export function CreateCodeAgentDialog({ onClose }: { onClose(): void }) {
  const ref = useModal();
  const identity = useAgentIdentity();
  const [language, setLanguage] = useState<AgentLanguage>('typescript');
  const create = useCreateCodeAgent();
  const [, navigate] = useLocation();
  // A refusal of the slug shows on the field until the user changes it.
  const taken = isSlugTaken(create.error) && create.variables?.slug === identity.slug;

  return (
    <dialog
      ref={ref}
      className="dialog agent-dialog"
      aria-labelledby="create-agent-title"
      onCancel={(e) => {
        e.preventDefault();
        if (!create.isPending) onClose();
      }}
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (!identity.ready || create.isPending) return;
          const entry = entryPath(language);
          create.mutate(
            {
              name: identity.name.trim(),
              slug: identity.slug,
              description: identity.description.trim(),
              content: { language, entry, files: [{ path: entry, content: STARTER_CODE[language] }] },
              changelog: 'Created',
            },
            { onSuccess: (agent) => navigate(studioHref(agent.id)) },
          );
        }}
      >
        <h2 id="create-agent-title">New code agent</h2>
        <AgentIdentityFields identity={identity} idPrefix="create-agent" slugError={taken ? create.error?.message : null} />
        <label className="create-field">
          <span>Language</span>
          <select
            className="input"
            value={language}
            onChange={(e) => {
              const next = e.currentTarget.value;
              if (isLanguage(next)) setLanguage(next);
            }}
          >
            {CODE_LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <p className="muted">
          It starts as one file, <code>{entryPath(language)}</code>, with a <code>main(inputs, ctx)</code> to fill in.
        </p>
        {create.error && !isSlugTaken(create.error) && <ErrorNotice error={create.error} />}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose} disabled={create.isPending}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={!identity.ready || create.isPending}>
            {create.isPending ? 'Creating…' : 'Create'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
