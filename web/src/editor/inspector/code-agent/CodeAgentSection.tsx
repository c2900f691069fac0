import { useState } from 'react';
import { Link } from 'wouter';
import { ApiRequestError } from '../../../api/client.ts';
import { useAgentVersion, useCodeAgent, useCodeAgents } from '../../../api/code-agents.queries.ts';
import { studioHref } from '../../../pages/code-agents/CodeAgentRow.tsx';
import { useEditorApi } from '../../store/EditorStoreProvider.tsx';
import type { NodeData } from '../../store/flow-types.ts';
import { backToInline, parseCodeConfig } from './agent-from-node.ts';
import { SaveAsAgentDialog } from './SaveAsAgentDialog.tsx';
import './code-agent-section.css';

type AgentRef = { agentId: string; version: number | 'latest' };

const agentRefOf = (config: Record<string, unknown>): AgentRef | null => {
  const ref = config.agent as Partial<AgentRef> | undefined;
  return ref && typeof ref.agentId === 'string' ? { agentId: ref.agentId, version: ref.version ?? 'latest' } : null;
};

/** A code node's link to the registry: the agent it runs (with Studio and back-to-inline), or "Save as code agent". */
export function CodeAgentSection({ nodeId, data, readOnly }: { nodeId: string; data: NodeData; readOnly: boolean }) {
  const ref = agentRefOf(data.config);
  if (ref) return <AgentReference nodeId={nodeId} agentRef={ref} readOnly={readOnly} />;
  return <SaveAsAgent nodeId={nodeId} data={data} readOnly={readOnly} />;
}

function SaveAsAgent({ nodeId, data, readOnly }: { nodeId: string; data: NodeData; readOnly: boolean }) {
  const [open, setOpen] = useState(false);
  const config = parseCodeConfig(data.config);
  if (readOnly) return null;
  return (
    <div className="code-agent-section">
      <button
        type="button"
        className="button"
        disabled={!config}
        title={config ? 'Turn this code into a reusable, versioned code agent' : 'Fix the problems in this node first'}
        onClick={() => setOpen(true)}
      >
        Save as code agent
      </button>
      {open && config && (
        <SaveAsAgentDialog nodeId={nodeId} config={config} suggestedName={data.label ?? ''} onClose={() => setOpen(false)} />
      )}
      <UseAgent nodeId={nodeId} />
    </div>
  );
}

/** Runs an existing agent instead of the node's code: its latest version when published, else its newest, pinned. */
function UseAgent({ nodeId }: { nodeId: string }) {
  const store = useEditorApi();
  const agents = useCodeAgents();
  if (!agents.data || agents.data.length === 0) return null;
  return (
    <label className="code-agent-pick">
      <span>Or run a code agent</span>
      <select
        className="input"
        aria-label="Use a code agent"
        value=""
        onChange={(e) => {
          const agent = agents.data.find((a) => a.id === e.currentTarget.value);
          if (!agent) return;
          // The agent's own schemas apply; the node's copies would only go stale.
          store.getState().updateConfig(nodeId, {
            agent: { agentId: agent.id, version: agent.published ? 'latest' : agent.latestVersion },
            inputSchema: undefined,
            outputSchema: undefined,
          });
        }}
      >
        <option value="">choose an agent…</option>
        {agents.data.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name} ({a.slug}){a.published ? '' : ', not published'}
          </option>
        ))}
      </select>
    </label>
  );
}

function AgentReference({ nodeId, agentRef, readOnly }: { nodeId: string; agentRef: AgentRef; readOnly: boolean }) {
  const store = useEditorApi();
  const agent = useCodeAgent(agentRef.agentId);
  const pinned = typeof agentRef.version === 'number' ? agentRef.version : (agent.data?.latestVersion ?? null);
  const version = useAgentVersion(agentRef.agentId, pinned);
  const missing = agent.error instanceof ApiRequestError && agent.error.status === 404;
  return (
    <section className="code-agent-section code-agent-ref" aria-label="Code agent in use">
      <p>
        Runs code agent{' '}
        {agent.data ? (
          <>
            <strong>{agent.data.name}</strong> <code>{agent.data.slug}</code>
          </>
        ) : (
          <code>{agentRef.agentId}</code>
        )}{' '}
        <span className="tag" data-testid="agent-version">
          {agentRef.version === 'latest' ? `latest${pinned ? ` (v${pinned})` : ''}` : `v${agentRef.version}`}
        </span>
      </p>
      {agent.data && !readOnly && (
        <label className="code-agent-pick">
          <span>Version</span>
          <select
            className="input"
            aria-label="Agent version"
            value={String(agentRef.version)}
            onChange={(e) => {
              const v = e.currentTarget.value;
              store.getState().updateConfig(nodeId, {
                agent: { agentId: agentRef.agentId, version: v === 'latest' ? 'latest' : Number(v) },
              });
            }}
          >
            <option value="latest">latest{agent.data.published ? '' : ' (needs publishing)'}</option>
            {Array.from({ length: agent.data.latestVersion }, (_, i) => agent.data.latestVersion - i).map((v) => (
              <option key={v} value={String(v)}>
                v{v}
              </option>
            ))}
          </select>
        </label>
      )}
      {missing && <p className="field-error">This agent does not exist (it may have been deleted): the node cannot run.</p>}
      {agent.isError && !missing && <p className="field-error">{agent.error.message}</p>}
      <p className="muted">The node's own code is kept but does not run; the agent's code, schemas, runtime and policy apply.</p>
      <div className="code-agent-actions">
        <Link className="button" href={studioHref(agentRef.agentId)}>
          Open in Studio
        </Link>
        {!readOnly && (
          <button
            type="button"
            className="button"
            title="Stop using the agent: its code (one file) comes back into the node"
            onClick={() => store.getState().updateConfig(nodeId, backToInline(version.data))}
          >
            Use inline code
          </button>
        )}
      </div>
    </section>
  );
}
