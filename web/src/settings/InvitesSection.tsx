import type { Invite, Role } from '@switchyard/shared';
import { useState } from 'react';
import { useCreateInvite, useInvites, useRevokeInvite } from '../api/members.queries.ts';
import { useRole } from '../auth/useCan.ts';
import { ErrorNotice } from '../ErrorNotice.tsx';
import { dateTime, timeAgo } from '../format.ts';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { Field } from '../ui/Field.tsx';
import { ShownOnce } from '../ui/ShownOnce.tsx';
import { grantableRoles, ROLE_HINT } from './roles.ts';

/** Where an invite token is accepted: this app's `/invite/:token` page, on the origin the admin uses. */
export const inviteLink = (token: string) => `${window.location.origin}/invite/${encodeURIComponent(token)}`;

/** Invite by email with a role (the one-time link is shown once), and the pending invites with revoke. */
export function InvitesSection() {
  const invites = useInvites(true);
  const create = useCreateInvite();
  const revoke = useRevokeInvite();
  const roles = grantableRoles(useRole());
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Exclude<Role, 'owner'>>('editor');
  const [days, setDays] = useState(7);
  const [revoking, setRevoking] = useState<Invite | null>(null);

  return (
    <section className="panel" aria-labelledby="invites-heading">
      <div className="panel-head">
        <h2 id="invites-heading">Invites</h2>
      </div>
      <p className="muted settings-section-intro">
        An invite is a one-time link for one email address. Send it yourself; it expires after the days you choose.
      </p>
      <form
        className="settings-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!create.isPending) create.mutate({ email, role, expiresInDays: days }, { onSuccess: () => setEmail('') });
        }}
      >
        <Field
          label="Email to invite"
          type="email"
          required
          maxLength={254}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <label className="create-field">
          <span>Role</span>
          <select className="input" value={role} onChange={(e) => setRole(e.target.value as Exclude<Role, 'owner'>)}>
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
          <thead>
            <tr>
              <th>Email</th>
              <th>Role</th>
              <th>Sent</th>
              <th>Expires</th>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {invites.data.map((inv) => (
              <tr key={inv.id}>
                <td>{inv.email}</td>
                <td>
                  <span className="tag">{inv.role}</span>
                </td>
                <td className="muted" title={dateTime(inv.createdAt)}>
                  {timeAgo(inv.createdAt)}
                </td>
                <td className="muted" title={dateTime(inv.expiresAt)}>
                  {timeAgo(inv.expiresAt)}
                </td>
                <td>
                  <div className="cell-actions">
                    <button
                      type="button"
                      className="button"
                      aria-label={`Revoke invite for ${inv.email}`}
                      onClick={() => {
                        revoke.reset();
                        setRevoking(inv);
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
      {revoking && (
        <ConfirmDialog
          title={`Revoke the invite for ${revoking.email}?`}
          confirmLabel="Revoke"
          danger
          busy={revoke.isPending}
          error={revoke.error}
          onCancel={() => setRevoking(null)}
          onConfirm={() => revoke.mutate(revoking.id, { onSuccess: () => setRevoking(null) })}
        >
          <p>The link stops working at once. You can invite the address again later.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
