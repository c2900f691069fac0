import { CODE_LANGUAGES } from '@switchyard/shared';
import { useState } from 'react';
import { useLocation } from 'wouter';
import { useCreateCodeAgent } from '../../api/code-agents.queries.ts';
import { AgentFormDialog } from './AgentFormDialog.tsx';
import { useAgentIdentity } from './AgentIdentityFields.tsx';
import { type AgentLanguage, entryPath, isLanguage, STARTER_CODE } from './agent-content.ts';
import { studioHref } from './CodeAgentRow.tsx';

/** Asks for a name, slug and language, creates the agent (version 1: one starter file) and opens it in Studio. */
export function CreateCodeAgentDialog({ onClose }: { onClose(): void }) {
  const identity = useAgentIdentity();
  const [language, setLanguage] = useState<AgentLanguage>('typescript');
  const create = useCreateCodeAgent();
  const [, navigate] = useLocation();
  const entry = entryPath(language);
  return (
    <AgentFormDialog
      title="New code agent"
      idPrefix="create-agent"
      identity={identity}
      mutation={create}
      submitLabel="Create"
      pendingLabel="Creating…"
      onClose={onClose}
      onSubmit={() =>
        create.mutate(
          {
            ...identity.fields(),
            content: { language, entry, files: [{ path: entry, content: STARTER_CODE[language] }] },
            changelog: 'Created',
          },
          { onSuccess: (agent) => navigate(studioHref(agent.id)) },
        )
      }
    >
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
        It starts as one file, <code>{entry}</code>, with a <code>main(inputs, ctx)</code> to fill in.
      </p>
    </AgentFormDialog>
  );
}
