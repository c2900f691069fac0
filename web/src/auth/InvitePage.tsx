import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useLocation } from 'wouter';
import { signedIn } from '../api/auth.queries.ts';
import { ApiRequestError, call } from '../api/client.ts';
import { setCurrentWorkspaceId } from '../api/session.ts';
import { ErrorNotice } from '../ErrorNotice.tsx';
import { dateTime } from '../format.ts';
import { Field } from '../ui/Field.tsx';
import { AuthCard } from './AuthCard.tsx';
import { AuthForm } from './AuthForm.tsx';
import { MIN_PASSWORD, PasswordField } from './CredentialFields.tsx';

/**
 * `/invite/:token`: what the invite offers, then either a new account (name and password) or, when the email
 * already has one, its password. Accepting signs in and opens the workspace joined.
 */
export function InvitePage({ token }: { token: string }) {
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const preview = useQuery({
    queryKey: ['invite', token],
    queryFn: ({ signal }) => call('previewInvite', { params: { token }, signal }),
    retry: false,
  });
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const accept = useMutation({
    mutationFn: () =>
      call('acceptInvite', {
        params: { token },
        body: preview.data?.existingAccount ? { password } : { name, password },
      }),
    onSuccess: (me) => {
      // The reply acts in the caller's default workspace; open the one just joined.
      const joined = me.workspaces.find((w) => w.name === preview.data?.workspaceName && w.role === preview.data?.role);
      setCurrentWorkspaceId(joined?.id ?? me.workspace?.id ?? null);
      signedIn(queryClient, me);
      navigate('/');
    },
  });

  if (preview.error) {
    const gone = preview.error instanceof ApiRequestError && preview.error.status === 404;
    return (
      <AuthCard title="Invite not valid">
        {gone ? (
          <p className="muted">This invite link was used, revoked or has expired. Ask for a new one.</p>
        ) : (
          <ErrorNotice error={preview.error} onRetry={() => void preview.refetch()} />
        )}
      </AuthCard>
    );
  }
  if (!preview.data)
    return (
      <AuthCard title="Invite">
        <p className="muted" aria-busy="true">
          Loading the invite…
        </p>
      </AuthCard>
    );

  const invite = preview.data;
  return (
    <AuthCard
      title={`Join ${invite.workspaceName}`}
      intro={
        <>
          You are invited as <strong>{invite.role}</strong>. The link expires {dateTime(invite.expiresAt)}.
        </>
      }
    >
      <AuthForm busy={accept.isPending} submitLabel="Accept invite" pendingLabel="Joining…" onSubmit={() => accept.mutate()}>
        <Field label="Email" type="email" value={invite.email} readOnly />
        {!invite.existingAccount && (
          <Field
            label="Name"
            autoComplete="name"
            required
            maxLength={120}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        )}
        <PasswordField
          isNew={!invite.existingAccount}
          required
          hint={
            invite.existingAccount
              ? 'This email has an account: enter its password to join.'
              : `Choose a password of at least ${MIN_PASSWORD} characters.`
          }
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {accept.error && <ErrorNotice error={accept.error} />}
      </AuthForm>
    </AuthCard>
  );
}
