import type { Invite, Role } from '@switchyard/shared';
import { useState } from 'react';
import { useCreateInvite, useInvites, useRevokeInvite } from '../api/members.queries.ts';
import { EmailField } from '../auth/CredentialFields.tsx';
import { useRole } from '../auth/useCan.ts';
import { ErrorNotice } from '../ErrorNotice.tsx';
import { dateTime } from '../format.ts';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { Field } from '../ui/Field.tsx';
import { ShownOnce } from '../ui/ShownOnce.tsx';
import { useConfirmAction } from '../ui/useConfirmAction.ts';
import { RoleSelect } from './RoleSelect.tsx';
import { grantableRoles } from './roles.ts';
import { TableHead, TimeCell } from './SettingsTable.tsx';

/** Where an invite token is accepted: this app's `/invite/:token` page, on the origin the admin uses. */
export const inviteLink = (token: string) => `${window.location.origin}/invite/${encodeURIComponent(token)}`;

/** Invite by email with a role (the one-time link is shown once), and the pending invites with revoke. */
export function InvitesSection() {
  const invites = useInvites(true);
  const create = useCreateInvite();
  const revoking = useConfirmAction(useRevokeInvite(), (inv: Invite) => inv.id);
  const roles = grantableRoles(useRole());
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Exclude<Role, 'owner'>>('editor');
  const [days, setDays] = useState(7);

  return (
    <section className="panel" aria-labelledby="invites-heading">
      <div className="panel-head">
        <h2 id="invites-heading">Invites</h2>
      </div>
      <p className="muted settings-section-intro">
        An invite is a one-time link for one email address. Send it yourself; it expires after the days you choose.
      </p>
      <form
        className="settings-form invite-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!create.isPending) create.mutate({ email, role, expiresInDays: days }, { onSuccess: () => setEmail('') });
        }}
      >
        <EmailField label="Email to invite" value={email} onChange={(e) => setEmail(e.target.value)} />
        <RoleSelect
          roles={roles}
          value={role}
          onChange={(r) => {
            if (r !== 'owner') setRole(r);
          }}
        />
        <Field
          label="Expires in (days)"
          type="number"
          min={1}
          max={30}
          required
          value={days}
          onChange={(e) => setDays(Number(e.target.value))}
        />
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? 'Inviting…' : 'Invite'}
        </button>
      </form>
      {create.error && <ErrorNotice error={create.error} />}
      {create.data && (
        <ShownOnce label="Invite link" value={inviteLink(create.data.token)}>
          <span className="muted">
            Send it to {create.data.email}; they join as {create.data.role}. It works once, until{' '}
            {dateTime(create.data.expiresAt)}.
          </span>
        </ShownOnce>
      )}
      <h3 className="settings-subhead">Pending</h3>
      {invites.error && <ErrorNotice error={invites.error} onRetry={() => void invites.refetch()} />}
      {invites.data?.length === 0 && <p className="muted">No pending invites.</p>}
      {invites.data && invites.data.length > 0 && (
        <table className="settings-table" aria-label="Pending invites">
          <TableHead columns={['Email', 'Role', 'Sent', 'Expires']} actions />
          <tbody>
            {invites.data.map((inv) => (
              <tr key={inv.id}>
                <td>{inv.email}</td>
                <td>
                  <span className="tag">{inv.role}</span>
                </td>
                <TimeCell at={inv.createdAt} />
                <TimeCell at={inv.expiresAt} />
                <td>
                  <div className="cell-actions">
                    <button
                      type="button"
                      className="button"
                      aria-label={`Revoke invite for ${inv.email}`}
                      onClick={() => revoking.ask(inv)}
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
      {revoking.target && (
        <ConfirmDialog
          title={`Revoke the invite for ${revoking.target.email}?`}
          confirmLabel="Revoke"
          danger
          {...revoking.dialog}
        >
          <p>The link stops working at once. You can invite the address again later.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
