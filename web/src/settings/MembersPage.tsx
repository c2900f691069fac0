import type { Member, Role } from '@switchyard/shared';
import { useState } from 'react';
import { useMe } from '../api/auth.queries.ts';
import { useMembers, useRemoveMember, useResetMemberPassword, useSetMemberRole } from '../api/members.queries.ts';
import { MIN_PASSWORD, PasswordField } from '../auth/CredentialFields.tsx';
import { useCan, useRole } from '../auth/useCan.ts';
import { ErrorNotice } from '../ErrorNotice.tsx';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { useConfirmAction } from '../ui/useConfirmAction.ts';
import { InvitesSection } from './InvitesSection.tsx';
import { grantableRoles, ROLE_HINT } from './roles.ts';
import { TableHead, TimeCell } from './SettingsTable.tsx';

/** `/settings/members`: who is in this workspace with which role; admins change roles, remove, reset passwords, invite. */
export function MembersPage() {
  const members = useMembers();
  const manage = useCan('members:manage');
  const me = useMe();
  const myRole = useRole();
  const setRole = useSetMemberRole();
  const removing = useConfirmAction(useRemoveMember(), (m: Member) => m.userId);
  const [resetting, setResetting] = useState<Member | null>(null);
  const editable = (m: Member) => manage && m.role !== 'owner' && m.userId !== me?.user.id;

  return (
    <>
      <section className="panel" aria-labelledby="members-heading">
        <div className="panel-head">
          <h1 id="members-heading">Members</h1>
          {members.data && <span className="count">{members.data.length}</span>}
        </div>
        {members.isPending && <p className="muted">Loading members…</p>}
        {members.error && <ErrorNotice error={members.error} onRetry={() => void members.refetch()} />}
        {setRole.error && <ErrorNotice error={setRole.error} />}
        {members.data && (
          <table className="settings-table">
            <TableHead columns={['Member', 'Role', 'Joined']} actions />
            <tbody>
              {members.data.map((m) => (
                <tr key={m.userId} data-member={m.email}>
                  <td>
                    <div className="cell-person">
                      <span>
                        {m.name}
                        {m.userId === me?.user.id && <span className="muted"> (you)</span>}
                      </span>
                      <span className="muted">{m.email}</span>
                    </div>
                  </td>
                  <td>
                    {editable(m) ? (
                      <select
                        className="input"
                        aria-label={`Role of ${m.name}`}
                        value={m.role}
                        disabled={setRole.isPending}
                        onChange={(e) => setRole.mutate({ userId: m.userId, role: e.target.value as Exclude<Role, 'owner'> })}
                      >
                        {[...new Set([m.role, ...grantableRoles(myRole)])].map((r) => (
                          <option key={r} value={r} title={ROLE_HINT[r]}>
                            {r}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <span className="tag" title={ROLE_HINT[m.role]}>
                        {m.role}
                      </span>
                    )}
                  </td>
                  <TimeCell at={m.joinedAt} />
                  <td>
                    {editable(m) && (
                      <div className="cell-actions">
                        <button
                          type="button"
                          className="button"
                          aria-label={`Reset password of ${m.name}`}
                          onClick={() => setResetting(m)}
                        >
                          Reset password
                        </button>
                        <button
                          type="button"
                          className="button button-danger"
                          aria-label={`Remove ${m.name}`}
                          onClick={() => removing.ask(m)}
                        >
                          Remove
                        </button>
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {manage && <InvitesSection />}
      {removing.target && (
        <ConfirmDialog title={`Remove ${removing.target.name}?`} confirmLabel="Remove" danger {...removing.dialog}>
          <p>They lose access to this workspace at once, and their API tokens here are revoked. Their account stays.</p>
        </ConfirmDialog>
      )}
      {resetting && <ResetPasswordDialog member={resetting} onClose={() => setResetting(null)} />}
    </>
  );
}

/** An admin sets a member's password; the member's sessions end. */
function ResetPasswordDialog({ member, onClose }: { member: Member; onClose(): void }) {
  const reset = useResetMemberPassword();
  const [password, setPassword] = useState('');
  return (
    <ConfirmDialog
      title={`Reset the password of ${member.name}`}
      confirmLabel={reset.isSuccess ? 'Done' : 'Set password'}
      busy={reset.isPending}
      confirmDisabled={!reset.isSuccess && password.length < MIN_PASSWORD}
      error={reset.error}
      onCancel={onClose}
      onConfirm={() => {
        if (reset.isSuccess) return onClose();
        reset.mutate({ userId: member.userId, newPassword: password });
      }}
    >
      {reset.isSuccess ? (
        <p role="status">Password set. Tell {member.email} the new one; their sessions were signed out.</p>
      ) : (
        <PasswordField
          label="New password"
          isNew
          hint={`At least ${MIN_PASSWORD} characters. Their sessions end.`}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      )}
    </ConfirmDialog>
  );
}
