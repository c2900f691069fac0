import type { ApiTokenInfo } from '@switchyard/shared';
import { useState } from 'react';
import { useRevokeToken, useTokens } from '../api/tokens.queries.ts';
import { useCan } from '../auth/useCan.ts';
import { ErrorNotice } from '../ErrorNotice.tsx';
import { plural } from '../format.ts';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { useConfirmAction } from '../ui/useConfirmAction.ts';
import { CreateTokenDialog } from './CreateTokenDialog.tsx';
import { TableHead, TimeCell } from './SettingsTable.tsx';

/** `/settings/tokens`: API and MCP tokens in this workspace (yours; admins see everyone's), create and revoke. */
export function TokensPage() {
  const tokens = useTokens();
  const all = useCan('tokens:manage');
  const revoking = useConfirmAction(useRevokeToken(), (t: ApiTokenInfo) => t.id);
  const [creating, setCreating] = useState(false);
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
          <TableHead columns={['Name', 'Access', 'Role', all && 'Created by', 'Created', 'Expires', 'Last used']} actions />
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
                <TimeCell at={t.createdAt} />
                <TimeCell at={t.expiresAt} />
                <TimeCell at={t.lastUsedAt} />
                <td>
                  <div className="cell-actions">
                    <button
                      type="button"
                      className="button button-danger"
                      aria-label={`Revoke token ${t.name}`}
                      onClick={() => revoking.ask(t)}
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
      {revoking.target && (
        <ConfirmDialog title={`Revoke “${revoking.target.name}”?`} confirmLabel="Revoke" danger {...revoking.dialog}>
          <p>Every request with it is refused from now on. This cannot be undone.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
