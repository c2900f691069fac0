import { useState } from 'react';
import { Link } from 'wouter';
import { useChangePassword, useLogout, useMe } from '../api/auth.queries.ts';
import { MIN_PASSWORD, PasswordField } from '../auth/CredentialFields.tsx';
import { Field } from '../ui/Field.tsx';
import { FormDialog } from '../ui/FormDialog.tsx';
import { Popover } from '../ui/Popover.tsx';

/** The topbar's account menu: who is signed in, their role here, password change, tokens, sign out. */
export function UserMenu() {
  const me = useMe();
  const logout = useLogout();
  const [changing, setChanging] = useState(false);
  if (!me) return null;
  return (
    <>
      <Popover label="User menu" button={<span>{me.user.name}</span>}>
        {(close) => (
          <>
            <div className="popover-head">
              <strong>{me.user.name}</strong>
              <span className="muted">{me.user.email}</span>
              {me.workspace && (
                <span className="muted">
                  <span className="tag">{me.workspace.role}</span> in {me.workspace.name}
                </span>
              )}
            </div>
            <div className="popover-rule" />
            <Link className="popover-item" href="/settings/tokens" onClick={close}>
              API tokens
            </Link>
            {me.via === 'session' && (
              <button
                type="button"
                className="popover-item"
                onClick={() => {
                  close();
                  setChanging(true);
                }}
              >
                Change password
              </button>
            )}
            <button type="button" className="popover-item" disabled={logout.isPending} onClick={() => logout.mutate()}>
              Sign out
            </button>
          </>
        )}
      </Popover>
      {changing && <ChangePasswordDialog onClose={() => setChanging(false)} />}
    </>
  );
}

/** Current password, the new one twice; other sessions of the account end on success. */
function ChangePasswordDialog({ onClose }: { onClose(): void }) {
  const change = useChangePassword();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const mismatch = again !== '' && again !== next;
  return (
    <FormDialog
      title="Change password"
      busy={change.isPending}
      submitDisabled={mismatch}
      submitLabel="Change password"
      pendingLabel="Changing…"
      doneLabel={change.isSuccess ? 'Close' : undefined}
      error={change.error}
      onClose={onClose}
      onSubmit={() => change.mutate({ currentPassword: current, newPassword: next })}
    >
      {change.isSuccess ? (
        <p role="status">Password changed. Your other sessions were signed out.</p>
      ) : (
        <>
          <PasswordField
            label="Current password"
            required
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
            data-autofocus
          />
          <PasswordField
            label="New password"
            isNew
            required
            hint={`At least ${MIN_PASSWORD} characters.`}
            value={next}
            onChange={(e) => setNext(e.target.value)}
          />
          <Field
            label="Repeat the new password"
            type="password"
            autoComplete="new-password"
            required
            aria-invalid={mismatch}
            value={again}
            onChange={(e) => setAgain(e.target.value)}
          />
          {mismatch && <p className="field-error">The two new passwords differ.</p>}
        </>
      )}
    </FormDialog>
  );
}
