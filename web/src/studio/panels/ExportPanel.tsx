import type { CodeAgent } from '@switchyard/shared';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { call } from '../../api/client.ts';
import { useAgentTool } from '../../api/code-agents.queries.ts';
import { ErrorNotice } from '../../ErrorNotice.tsx';
import { curlSnippet, langchainSnippet, mcpSnippet } from './export-snippets.ts';

/** "Export as tool": the manifest an LLM sees, and snippets for LangChain, MCP and plain HTTP. */
export function ExportPanel({ agent }: { agent: CodeAgent }) {
  // The latest version, as it moves with each save, unless the user picks one.
  const [picked, setVersion] = useState<number | null>(null);
  const version = picked ?? agent.latestVersion;
  const tool = useAgentTool(agent.id, version);
  const token = useMutation({
    mutationFn: () => call('createMcpToken', { body: { name: `${agent.slug} (Studio)`, agentIds: [agent.id] } }),
  });
  const target = { origin: window.location.origin, slug: agent.slug, agentId: agent.id, version };

  return (
    <div className="studio-stack">
      {!agent.published && (
        <p className="studio-note" role="status">
          Not published: MCP clients and <code>loadSwitchyardTools()</code> list published agents only. A pinned version still
          works with <code>switchyardTool()</code> and the HTTP call.
        </p>
      )}
      <label className="studio-field">
        <span>Version</span>
        <select className="input" value={version} onChange={(e) => setVersion(Number(e.target.value))}>
          {Array.from({ length: agent.latestVersion }, (_, i) => agent.latestVersion - i).map((v) => (
            <option key={v} value={v}>
              v{v}
              {v === agent.latestVersion ? ' (latest)' : ''}
            </option>
          ))}
        </select>
      </label>
      <Snippet title="Tool manifest" text={tool.data ? JSON.stringify(tool.data, null, 2) : 'Loading…'} />
      {tool.error && <ErrorNotice error={tool.error} />}
      <Snippet title="LangChain (@switchyard/tools)" text={langchainSnippet(target)} />
      <Snippet title="MCP client configuration" text={mcpSnippet(target, token.data?.token ?? null)} />
      <div className="studio-row">
        <button type="button" className="button" disabled={token.isPending || token.isSuccess} onClick={() => token.mutate()}>
          Create an MCP token for this agent
        </button>
        {token.isSuccess && <span className="muted">Shown once: copy it now. It can call this agent only.</span>}
      </div>
      {token.error && <ErrorNotice error={token.error} />}
      <Snippet title="HTTP" text={curlSnippet(target)} />
    </div>
  );
}

function Snippet({ title, text }: { title: string; text: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <section className="studio-snippet" aria-label={title}>
      <div className="studio-row">
        <span className="studio-label">{title}</span>
        <button
          type="button"
          className="button"
          aria-label={`Copy ${title}`}
          onClick={() =>
            void navigator.clipboard?.writeText(text).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      <pre className="studio-pre">{text}</pre>
    </section>
  );
}
