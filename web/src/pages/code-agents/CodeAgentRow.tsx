import type { CodeAgentListItem } from '@switchyard/shared';
import { Link } from 'wouter';
import { dateTime, formatDuration, timeAgo } from '../../format.ts';

const LANGUAGE_LABEL: Record<CodeAgentListItem['language'], string> = {
  javascript: 'JavaScript',
  typescript: 'TypeScript',
  python: 'Python',
  bash: 'Bash',
};

const percent = (rate: number) => `${rate > 0 && rate < 0.01 ? '<1' : Math.round(rate * 100)} %`;

/** `/studio/<id>`: where an agent is edited, tested and versioned. */
export const studioHref = (agentId: string) => `/studio/${encodeURIComponent(agentId)}`;

/** One agent in the list (laid out like a workflow row, home.css): opens Sandbox Studio on click; tags filter the list. */
export function CodeAgentRow({ agent, now, onTag }: { agent: CodeAgentListItem; now: number; onTag(tag: string): void }) {
  const { usage } = agent;
  return (
    <li className="agent-row" data-agent-id={agent.id} aria-label={agent.name}>
      <div className="agent-main">
        <div className="agent-title">
          <Link className="workflow-link" href={studioHref(agent.id)}>
            {agent.name}
          </Link>
          <code className="agent-slug">{agent.slug}</code>
          {agent.published ? (
            <span className="tag agent-published">Published</span>
          ) : (
            <span className="tag agent-draft">Draft</span>
          )}
        </div>
        {agent.description && <span className="muted agent-description">{agent.description}</span>}
        {agent.tags.length > 0 && (
          <ul className="agent-tags" aria-label="Tags">
            {agent.tags.map((tag) => (
              <li key={tag}>
                <button type="button" className="agent-tag" title={`Show agents tagged ${tag}`} onClick={() => onTag(tag)}>
                  #{tag}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      <span className="agent-meta">
        {LANGUAGE_LABEL[agent.language]}
        <span className="muted"> · {agent.runtime}</span>
      </span>
      <span className="tag" title="Latest version">
        v{agent.latestVersion}
      </span>
      <dl className="agent-usage" aria-label="Usage">
        <div>
          <dt>Calls</dt>
          <dd>{usage.calls.toLocaleString()}</dd>
        </div>
        <div>
          <dt>Failures</dt>
          <dd className={usage.failureRate > 0 ? 'agent-failing' : undefined}>
            {usage.calls ? percent(usage.failureRate) : '–'}
          </dd>
        </div>
        <div>
          <dt>p50</dt>
          <dd>{usage.p50Ms === null ? '–' : formatDuration(usage.p50Ms)}</dd>
        </div>
        <div>
          <dt>Last used</dt>
          <dd>
            {usage.lastUsedAt ? (
              <time dateTime={usage.lastUsedAt} title={dateTime(usage.lastUsedAt)}>
                {timeAgo(usage.lastUsedAt, now)}
              </time>
            ) : (
              'never'
            )}
          </dd>
        </div>
      </dl>
    </li>
  );
}
