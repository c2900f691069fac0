import { useState } from 'react';
import { Link } from 'wouter';
import { ApiRequestError } from '../../../api/client.ts';
import { useAgentVersion, useCodeAgent } from '../../../api/code-agents.queries.ts';
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
    </div>
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
