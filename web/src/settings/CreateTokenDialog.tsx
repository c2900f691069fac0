import type { Role } from '@switchyard/shared';
import { useState } from 'react';
import { useCodeAgents } from '../api/code-agents.queries.ts';
import { useCreateToken } from '../api/tokens.queries.ts';
import { useCan, useRole } from '../auth/useCan.ts';
import { ErrorNotice } from '../ErrorNotice.tsx';
import { Field } from '../ui/Field.tsx';
import { ShownOnce } from '../ui/ShownOnce.tsx';
import { useModal } from '../ui/useModal.ts';
import { grantableRoles, ROLE_HINT } from './roles.ts';
import { tokenCurlExample } from './token-snippets.ts';

/**
 * Name, role (at most the caller's), expiry, and access: the whole API, or only MCP (optionally only some agents).
 * On success the value is shown once, with a curl line that uses it.
 */
export function CreateTokenDialog({ onClose }: { onClose(): void }) {
  const ref = useModal();
  const mine = useRole();
  const roles = grantableRoles(mine, { includeOwner: true });
  const create = useCreateToken();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>(mine ?? 'viewer');
  const [days, setDays] = useState('90');
  const [access, setAccess] = useState<'api' | 'mcp'>('api');
  const [agentIds, setAgentIds] = useState<string[]>([]);
  const created = create.data;

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="token-title"
      onCancel={(e) => {
        e.preventDefault();
        if (!create.isPending) onClose();
      }}
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (create.isPending || created) return;
          const expiresInDays = days.trim() ? Number(days) : undefined;
          create.mutate({
            name: name.trim(),
            role,
            access,
            ...(expiresInDays ? { expiresInDays } : {}),
            ...(access === 'mcp' && agentIds.length > 0 ? { agentIds } : {}),
          });
        }}
      >
        <h2 id="token-title">{created ? `Token “${created.name}” created` : 'New API token'}</h2>
        {created ? (
          <ShownOnce label="Token" value={created.token}>
            <span className="muted">
              {created.access === 'mcp' ? 'Use it with your MCP client:' : 'Send it as a bearer token, e.g.:'}
            </span>
            <pre>{tokenCurlExample(window.location.origin, created.token, created.access)}</pre>
          </ShownOnce>
        ) : (
          <>
            <Field
              label="Token name"
              required
              maxLength={200}
              value={name}
              onChange={(e) => setName(e.target.value)}
              data-autofocus
            />
            <label className="create-field">
              <span>Role</span>
              <select className="input" value={role} onChange={(e) => setRole(e.target.value as Role)}>
                {roles.map((r) => (
                  <option key={r} value={r}>
                    {r} — {ROLE_HINT[r]}
                  </option>
                ))}
              </select>
            </label>
            <Field
              label="Expires in (days)"
              type="number"
              min={1}
              max={3650}
              hint="Leave empty for a token that never expires."
              value={days}
              onChange={(e) => setDays(e.target.value)}
            />
            <fieldset className="token-access">
              <legend>Access</legend>
              <label>
                <input type="radio" name="access" checked={access === 'api'} onChange={() => setAccess('api')} /> API: everything
                the role allows
              </label>
              <label>
                <input type="radio" name="access" checked={access === 'mcp'} onChange={() => setAccess('mcp')} /> MCP only: call
                code agents as tools
              </label>
            </fieldset>
            {access === 'mcp' && <AgentPicker value={agentIds} onChange={setAgentIds} />}
            {create.error && <ErrorNotice error={create.error} />}
          </>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose} disabled={create.isPending}>
            {created ? 'Done' : 'Cancel'}
          </button>
          {!created && (
            <button type="submit" className="button button-primary" disabled={!name.trim() || create.isPending}>
              {create.isPending ? 'Creating…' : 'Create token'}
            </button>
          )}
        </div>
      </form>
    </dialog>
  );
}

/** The agents an MCP token may list and call; none checked means every published agent. */
function AgentPicker({ value, onChange }: { value: string[]; onChange(ids: string[]): void }) {
  const readable = useCan('agents:read');
  const agents = useCodeAgents();
  if (!readable) return null;
  return (
    <fieldset className="token-access">
      <legend>Agents (none checked: every published agent)</legend>
      {agents.error && <ErrorNotice error={agents.error} />}
      <div className="agent-picks">
        {agents.data?.length === 0 && <span className="muted">No code agents yet.</span>}
        {agents.data?.map((a) => (
          <label key={a.id}>
            <input
              type="checkbox"
              checked={value.includes(a.id)}
              onChange={(e) => onChange(e.target.checked ? [...value, a.id] : value.filter((id) => id !== a.id))}
            />
            {a.name} <code>{a.slug}</code>
            {!a.published && <span className="muted">draft</span>}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
