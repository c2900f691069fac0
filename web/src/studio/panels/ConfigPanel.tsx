import type { CodeAgent } from '@switchyard/shared';
import { useState } from 'react';
import { Link } from 'wouter';
import { useAgentUsage } from '../../api/code-agents.queries.ts';
import { ErrorNotice } from '../../ErrorNotice.tsx';
import { dateTime, formatDuration, timeAgo } from '../../format.ts';
import { usePatchAgent } from '../studio.mutations.ts';

/** Name, description and tags (changed in place, never a version), and how the agent is being used. */
export function ConfigPanel({ agent }: { agent: CodeAgent }) {
  const [name, setName] = useState(agent.name);
  const [description, setDescription] = useState(agent.description);
  const [tags, setTags] = useState(agent.tags.join(', '));
  const patch = usePatchAgent(agent.id);
  const tagList = tags
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  const changed = name !== agent.name || description !== agent.description || tagList.join(',') !== agent.tags.join(',');

  return (
    <div className="studio-stack">
      <form
        className="studio-stack"
        onSubmit={(e) => {
          e.preventDefault();
          patch.mutate({ name, description, tags: tagList });
        }}
      >
        <label className="studio-field">
          <span>Name</span>
          <input className="input" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="studio-field">
          <span>Description (what the model reads to pick this tool)</span>
          <textarea
            className="input"
            rows={4}
            value={description}
            maxLength={5000}
            onChange={(e) => setDescription(e.target.value)}
          />
        </label>
        <label className="studio-field">
          <span>Tags (comma separated)</span>
          <input className="input" value={tags} placeholder="text, etl" onChange={(e) => setTags(e.target.value)} />
        </label>
        <div className="studio-row">
          <button type="submit" className="button" disabled={!changed || patch.isPending}>
            Save details
          </button>
          {patch.isSuccess && !changed && <span className="muted">Saved.</span>}
        </div>
        {patch.error && <ErrorNotice error={patch.error} />}
      </form>
      <dl className="studio-facts">
        <dt>Slug</dt>
        <dd>
          <code>{agent.slug}</code>
        </dd>
        <dt>Language</dt>
        <dd>{agent.language}</dd>
        <dt>Created</dt>
        <dd title={dateTime(agent.createdAt)}>{timeAgo(agent.createdAt)}</dd>
      </dl>
      <Usage agentId={agent.id} />
    </div>
  );
}

function Usage({ agentId }: { agentId: string }) {
  const usage = useAgentUsage(agentId);
  if (!usage.data) return null;
  const u = usage.data;
  return (
    <section aria-label="Usage">
      <h3 className="studio-label">Usage</h3>
      {u.calls === 0 ? (
        <p className="muted">Not called yet (test runs of unsaved drafts are not counted).</p>
      ) : (
        <dl className="studio-facts">
          <dt>Calls</dt>
          <dd>{u.calls}</dd>
          <dt>Failures</dt>
          <dd>
            {u.failures} ({Math.round(u.failureRate * 100)}%)
          </dd>
          <dt>p50</dt>
          <dd>{u.p50Ms === null ? '–' : formatDuration(u.p50Ms)}</dd>
          <dt>Last used</dt>
          <dd>{u.lastUsedAt ? timeAgo(u.lastUsedAt) : '–'}</dd>
          <dt>By version</dt>
          <dd>{u.byVersion.map((v) => `v${v.version}: ${v.calls}`).join(', ')}</dd>
        </dl>
      )}
      {u.workflows.length > 0 && (
        <>
          <h3 className="studio-label">Used by workflows</h3>
          <ul>
            {u.workflows.map((w) => (
              <li key={w.id}>
                <Link href={`/workflows/${w.id}`}>{w.name}</Link> <span className="muted">{timeAgo(w.lastUsedAt)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
