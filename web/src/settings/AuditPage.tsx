import type { AuditEntry } from '@switchyard/shared';
import { useState } from 'react';
import { type AuditFilters, useAudit } from '../api/audit.queries.ts';
import { useMembers } from '../api/members.queries.ts';
import { useCan } from '../auth/useCan.ts';
import { ErrorNotice } from '../ErrorNotice.tsx';
import { dateTime, shortId } from '../format.ts';
import { Field } from '../ui/Field.tsx';
import { TableHead } from './SettingsTable.tsx';

const EMPTY = { userId: '', action: '', resourceType: '', from: '', to: '' };
type Draft = typeof EMPTY;

/** The form's text as query filters: empty fields dropped, local times as ISO instants. */
function toFilters(d: Draft): AuditFilters {
  const iso = (local: string) => (local ? new Date(local).toISOString() : undefined);
  const text = (s: string) => s.trim() || undefined;
  const all: AuditFilters = {
    userId: text(d.userId),
    action: text(d.action),
    resourceType: text(d.resourceType),
    from: iso(d.from),
    to: iso(d.to),
  };
  return Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined)) as AuditFilters;
}

/** `/settings/audit`: security-relevant actions, newest first; admins see the workspace's, others their own. */
export function AuditPage() {
  const everyone = useCan('audit:all');
  const members = useMembers();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [filters, setFilters] = useState<AuditFilters>({});
  const audit = useAudit(filters);
  const entries = audit.data?.pages.flatMap((p) => p.entries) ?? [];
  const set = (key: keyof Draft) => (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value });

  return (
    <section className="panel" aria-labelledby="audit-heading">
      <div className="panel-head">
        <h1 id="audit-heading">Audit log</h1>
      </div>
      <p className="muted settings-section-intro">
        {everyone ? 'Everything security-relevant in this workspace' : 'Your own security-relevant actions'}, newest first. Kept
        for 90 days unless the server is configured otherwise.
      </p>
      <form
        className="settings-form audit-filters"
        aria-label="Audit filters"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters(toFilters(draft));
        }}
      >
        {everyone && (
          <label className="create-field">
            <span>User</span>
            <select
              className="input"
              value={draft.userId}
              title={members.data?.find((m) => m.userId === draft.userId)?.email}
              onChange={set('userId')}
            >
              <option value="">Anyone</option>
              {members.data?.map((m) => (
                <option key={m.userId} value={m.userId}>
                  {m.name} ({m.email})
                </option>
              ))}
            </select>
          </label>
        )}
        <Field label="Action" placeholder="e.g. auth.login" maxLength={64} value={draft.action} onChange={set('action')} />
        <Field
          label="Resource type"
          placeholder="e.g. workflow"
          maxLength={64}
          value={draft.resourceType}
          onChange={set('resourceType')}
        />
        <Field label="From" type="datetime-local" value={draft.from} onChange={set('from')} />
        <Field label="To" type="datetime-local" value={draft.to} onChange={set('to')} />
        <div className="audit-filter-actions">
          <button type="submit" className="button button-primary">
            Apply filters
          </button>
          <button
            type="button"
            className="button"
            onClick={() => {
              setDraft(EMPTY);
              setFilters({});
            }}
          >
            Clear
          </button>
        </div>
      </form>
      {audit.error && <ErrorNotice error={audit.error} onRetry={() => void audit.refetch()} />}
      {audit.isPending && <p className="muted">Loading the audit log…</p>}
      {audit.data && entries.length === 0 && <p className="muted">No entries match.</p>}
      {entries.length > 0 && (
        <div className="table-scroll">
          <table className="settings-table audit-table" aria-label="Audit entries" aria-busy={audit.isFetching}>
            <TableHead columns={['When', 'Who', 'Action', 'Resource', 'Outcome', 'Address', 'Details']} />
            <tbody>
              {entries.map((e) => (
                <AuditRow key={e.id} entry={e} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {audit.hasNextPage && (
        <div className="load-more">
          <button type="button" className="button" disabled={audit.isFetchingNextPage} onClick={() => void audit.fetchNextPage()}>
            {audit.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        </div>
      )}
    </section>
  );
}

function AuditRow({ entry: e }: { entry: AuditEntry }) {
  const details = Object.keys(e.details).length > 0 ? JSON.stringify(e.details) : '';
  return (
    <tr data-action={e.action}>
      <td className="muted">
        <time dateTime={e.at}>{dateTime(e.at)}</time>
      </td>
      <td>
        <span className="cell-clip cell-who" title={e.actor.label}>
          {e.actor.label}
        </span>
      </td>
      <td>
        <code>{e.action}</code>
      </td>
      <td className="cell-resource">
        {e.resourceType ?? '–'}
        {e.resourceType && e.resourceId && (
          <>
            {' '}
            <code className="muted" title={e.resourceId}>
              {shortId(e.resourceId)}
            </code>
          </>
        )}
      </td>
      <td>
        <span className={e.outcome === 'success' ? 'tag' : 'tag tag-danger'}>{e.outcome}</span>
      </td>
      <td className="muted">{e.ip ?? '–'}</td>
      <td className="cell-details">
        <span className="cell-clip" title={details || undefined}>
          {details}
        </span>
      </td>
    </tr>
  );
}
