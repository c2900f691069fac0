import type { Role } from '@switchyard/shared';
import { useState } from 'react';
import { useCodeAgents } from '../api/code-agents.queries.ts';
import { useCreateToken } from '../api/tokens.queries.ts';
import { useCan, useRole } from '../auth/useCan.ts';
import { ErrorNotice } from '../ErrorNotice.tsx';
import { Field } from '../ui/Field.tsx';
import { FormDialog } from '../ui/FormDialog.tsx';
import { ShownOnce } from '../ui/ShownOnce.tsx';
import { RoleSelect } from './RoleSelect.tsx';
import { grantableRoles } from './roles.ts';
import { tokenCurlExample } from './token-snippets.ts';

/**
 * Name, role (at most the caller's), expiry, and access: the whole API, or only MCP (optionally only some agents).
 * On success the value is shown once, with a curl line that uses it.
 */
export function CreateTokenDialog({ onClose }: { onClose(): void }) {
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
    <FormDialog
      title={created ? `Token “${created.name}” created` : 'New API token'}
      busy={create.isPending}
      submitDisabled={!name.trim()}
      submitLabel="Create token"
      pendingLabel="Creating…"
      doneLabel={created ? 'Done' : undefined}
      error={create.error}
      onClose={onClose}
      onSubmit={() => {
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
          <RoleSelect roles={roles} value={role} onChange={setRole} />
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
        </>
      )}
    </FormDialog>
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
