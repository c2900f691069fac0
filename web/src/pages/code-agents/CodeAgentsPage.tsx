import { CODE_LANGUAGES, RUNTIME_CHOICES } from '@switchyard/shared';
import { useState } from 'react';
import { useCodeAgents } from '../../api/code-agents.queries.ts';
import { useCan } from '../../auth/useCan.ts';
import { ErrorNotice } from '../../ErrorNotice.tsx';
import { useNow } from '../../ui/useNow.ts';
import { useDebouncedValue } from '../useDebouncedValue.ts';
import { CodeAgentRow } from './CodeAgentRow.tsx';
import { CreateCodeAgentDialog } from './CreateCodeAgentDialog.tsx';
import { useAgentFilters } from './useAgentFilters.ts';
import '../home.css';
import './code-agents.css';

/** Wait this long after the last keystroke before searching (ms). */
const SEARCH_DEBOUNCE_MS = 250;

/** `/code-agents`: the registry's agents with their usage; search, filter, create; each opens in Sandbox Studio. */
export function CodeAgentsPage() {
  const canWrite = useCan('agents:write');
  const { filters: chosen, set, clear } = useAgentFilters();
  const [search, setSearch] = useState('');
  const q = useDebouncedValue(search, SEARCH_DEBOUNCE_MS).trim();
  const filters = q ? { ...chosen, q } : chosen;
  const agents = useCodeAgents(filters);
  // Tag choices come from every agent (one cached request), not just the filtered ones.
  const all = useCodeAgents();
  const tags = [...new Set([...(all.data ?? []).flatMap((a) => a.tags), ...(chosen.tag ? [chosen.tag] : [])])].sort();
  const [creating, setCreating] = useState(false);
  const now = useNow();
  const list = agents.data;
  const filtered = Object.keys(filters).length > 0;
  const clearButton = (
    <button
      type="button"
      className="button"
      onClick={() => {
        setSearch('');
        clear();
      }}
    >
      Clear filters
    </button>
  );

  return (
    <main className="content code-agents-page">
      <section className="panel" aria-labelledby="code-agents-heading">
        <div className="panel-head workflows-head">
          <h1 id="code-agents-heading">Code agents</h1>
          {list && list.length > 0 && <span className="count">{list.length}</span>}
          <input
            className="input search"
            type="search"
            placeholder="Search name, slug, description"
            aria-label="Search code agents"
            value={search}
            maxLength={200}
            onChange={(e) => setSearch(e.currentTarget.value)}
          />
          {canWrite && (
            <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
              New code agent
            </button>
          )}
        </div>
        <fieldset className="agent-filters" aria-label="Filters">
          <FilterSelect label="Tag" value={chosen.tag} options={tags} onChange={(v) => set('tag', v)} />
          <FilterSelect label="Language" value={chosen.language} options={CODE_LANGUAGES} onChange={(v) => set('language', v)} />
          <FilterSelect label="Runtime" value={chosen.runtime} options={RUNTIME_CHOICES} onChange={(v) => set('runtime', v)} />
          <FilterSelect
            label="Published"
            value={chosen.published}
            options={['true', 'false']}
            names={{ true: 'Published', false: 'Drafts' }}
            onChange={(v) => set('published', v)}
          />
          {filtered && clearButton}
        </fieldset>
        {agents.isPending && <p className="muted">Loading code agents…</p>}
        {agents.isError && <ErrorNotice error={agents.error} onRetry={() => void agents.refetch()} />}
        {list?.length === 0 &&
          (filtered ? (
            <div className="empty">
              <p className="empty-title">No code agents match these filters</p>
              {clearButton}
            </div>
          ) : (
            <div className="empty">
              <p className="empty-title">No code agents yet</p>
              <p className="muted">
                A code agent is reusable, versioned code: run it from code nodes, call it over HTTP, or publish it as a tool for
                LangChain and MCP.
                {canWrite && ' Create one here, or use “Save as code agent” on a code node in the editor.'}
              </p>
              {canWrite && (
                <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
                  Create a code agent
                </button>
              )}
            </div>
          ))}
        {list && list.length > 0 && (
          <ul className="workflow-rows" aria-label="Code agents" aria-busy={agents.isPlaceholderData}>
            {list.map((agent) => (
              <CodeAgentRow key={agent.id} agent={agent} now={now} onTag={(tag) => set('tag', tag)} />
            ))}
          </ul>
        )}
        {creating && <CreateCodeAgentDialog onClose={() => setCreating(false)} />}
      </section>
    </main>
  );
}

/** One filter: "any" or one of the options. */
function FilterSelect({
  label,
  value,
  options,
  names,
  onChange,
}: {
  label: string;
  value: string | undefined;
  options: readonly string[];
  names?: Record<string, string>;
  onChange(value: string): void;
}) {
  return (
    <label className="agent-filter">
      <span>{label}</span>
      <select className="input" value={value ?? ''} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">Any</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {names?.[o] ?? o}
          </option>
        ))}
      </select>
    </label>
  );
}
