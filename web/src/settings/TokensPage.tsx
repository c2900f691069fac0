import type { ApiTokenInfo } from '@switchyard/shared';
import { useState } from 'react';
import { useRevokeToken, useTokens } from '../api/tokens.queries.ts';
import { useCan } from '../auth/useCan.ts';
import { ErrorNotice } from '../ErrorNotice.tsx';
import { dateTime, plural, timeAgo } from '../format.ts';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { CreateTokenDialog } from './CreateTokenDialog.tsx';

/** `/settings/tokens`: API and MCP tokens in this workspace (yours; admins see everyone's), create and revoke. */
export function TokensPage() {
  const tokens = useTokens();
  const all = useCan('tokens:manage');
  const revoke = useRevokeToken();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiTokenInfo | null>(null);
  const list = tokens.data;

  return (
    <section className="panel" aria-labelledby="tokens-heading">
      <div className="panel-head">
        <h1 id="tokens-heading">API tokens</h1>
        {list && list.length > 0 && <span className="count">{list.length}</span>}
        <button type="button" className="button button-primary settings-head-action" onClick={() => setCreating(true)}>
          New token
        </button>
      </div>
      <p className="muted settings-section-intro">
        A token is sent as <code>Authorization: Bearer sy_…</code> by scripts, <code>@switchyard/tools</code> and MCP clients. It
        acts in this workspace with its role, never above yours{all ? '. You see every member’s tokens' : ''}.
      </p>
      {tokens.isPending && <p className="muted">Loading tokens…</p>}
      {tokens.error && <ErrorNotice error={tokens.error} onRetry={() => void tokens.refetch()} />}
      {list?.length === 0 && <p className="muted">No tokens yet.</p>}
      {list && list.length > 0 && (
        <table className="settings-table" aria-label="Tokens">
          <thead>
            <tr>
              <th>Name</th>
              <th>Access</th>
              <th>Role</th>
              {all && <th>Created by</th>}
              <th>Created</th>
              <th>Expires</th>
              <th>Last used</th>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((t) => (
              <tr key={t.id}>
                <td>
                  <div className="cell-person">
                    <span>{t.name}</span>
                    <code className="muted">{t.prefix}…</code>
                  </div>
                </td>
                <td>
                  {t.access === 'api' ? 'API' : `MCP · ${t.agentIds ? plural(t.agentIds.length, 'agent') : 'published agents'}`}
                </td>
                <td>
                  <span className="tag">{t.role}</span>
                </td>
                {all && <td>{t.createdBy?.name ?? '–'}</td>}
                <td className="muted" title={dateTime(t.createdAt)}>
                  {timeAgo(t.createdAt)}
                </td>
                <td className="muted" title={t.expiresAt ? dateTime(t.expiresAt) : undefined}>
                  {t.expiresAt ? timeAgo(t.expiresAt) : 'never'}
                </td>
                <td className="muted" title={t.lastUsedAt ? dateTime(t.lastUsedAt) : undefined}>
                  {t.lastUsedAt ? timeAgo(t.lastUsedAt) : 'never'}
                </td>
                <td>
                  <div className="cell-actions">
                    <button
                      type="button"
                      className="button button-danger"
                      aria-label={`Revoke token ${t.name}`}
                      onClick={() => {
                        revoke.reset();
                        setRevoking(t);
                      }}
                    >
                      Revoke
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {creating && <CreateTokenDialog onClose={() => setCreating(false)} />}
      {revoking && (
        <ConfirmDialog
          title={`Revoke “${revoking.name}”?`}
          confirmLabel="Revoke"
          danger
          busy={revoke.isPending}
          error={revoke.error}
          onCancel={() => setRevoking(null)}
          onConfirm={() => revoke.mutate(revoking.id, { onSuccess: () => setRevoking(null) })}
        >
          <p>Every request with it is refused from now on. This cannot be undone.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
