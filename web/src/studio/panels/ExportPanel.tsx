import type { CodeAgent } from '@switchyard/shared';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { call } from '../../api/client.ts';
import { useAgentTool } from '../../api/code-agents.queries.ts';
import { useCan } from '../../auth/useCan.ts';
import { ErrorNotice } from '../../ErrorNotice.tsx';
import { curlSnippet, langchainSnippet, mcpSnippet } from './export-snippets.ts';

/**
 * "Export as tool": the manifest an LLM sees, and snippets for LangChain, MCP and plain HTTP. Tokens made here
 * (shown once, then only in the snippets) run as `runner`: an MCP token for this agent only, an API token for
 * LangChain and HTTP.
 */
export function ExportPanel({ agent }: { agent: CodeAgent }) {
  const canMint = useCan('agents:execute');
  // The latest version, as it moves with each save, unless the user picks one.
  const [picked, setVersion] = useState<number | null>(null);
  const version = picked ?? agent.latestVersion;
  const tool = useAgentTool(agent.id, version);
  const mcpToken = useMutation({
    mutationFn: () =>
      call('createToken', {
        body: { name: `${agent.slug} MCP (Studio)`, role: 'runner', access: 'mcp', agentIds: [agent.id] },
      }),
  });
  const apiToken = useMutation({
    mutationFn: () => call('createToken', { body: { name: `${agent.slug} API (Studio)`, role: 'runner', access: 'api' } }),
  });
  const apiValue = apiToken.data?.token ?? null;
  const mcpValue = mcpToken.data?.token ?? null;
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
      <Snippet title="LangChain (@switchyard/tools)" text={langchainSnippet(target, apiValue)} />
      {canMint && (
        <TokenButton
          label="Create an API token for LangChain and HTTP"
          note="Shown once in the snippets: copy them now. It runs as runner in this workspace."
          mutation={apiToken}
        />
      )}
      <Snippet title="MCP client configuration" text={mcpSnippet(target, mcpValue)} />
      {canMint && (
        <TokenButton
          label="Create an MCP token for this agent"
          note="Shown once: copy it now. It can call this agent only."
          mutation={mcpToken}
        />
      )}
      <Snippet title="HTTP" text={curlSnippet(target, apiValue)} />
    </div>
  );
}

/** Creates a token once; its value then shows in the snippets above and below it. */
function TokenButton({
  label,
  note,
  mutation,
}: {
  label: string;
  note: string;
  mutation: { isPending: boolean; isSuccess: boolean; error: Error | null; mutate(): void };
}) {
  return (
    <>
      <div className="studio-row">
        <button
          type="button"
          className="button"
          disabled={mutation.isPending || mutation.isSuccess}
          onClick={() => mutation.mutate()}
        >
          {label}
        </button>
        {mutation.isSuccess && <span className="muted">{note}</span>}
      </div>
      {mutation.error && <ErrorNotice error={mutation.error} />}
    </>
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
