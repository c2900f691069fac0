import { useState } from 'react';
import { useLogin } from '../api/auth.queries.ts';
import { ApiRequestError } from '../api/client.ts';
import { ErrorNotice } from '../ErrorNotice.tsx';
import { useNow } from '../ui/useNow.ts';
import { AuthCard } from './AuthCard.tsx';
import { AuthForm } from './AuthForm.tsx';
import { EmailField, PasswordField } from './CredentialFields.tsx';

/** Email and password; too many attempts (429) say how long to wait, and the button waits too. */
export function SignInPage() {
  const login = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [blockedUntil, setBlockedUntil] = useState(0);
  const now = useNow({ every: 1_000, live: blockedUntil > 0 });
  const waitSeconds = Math.max(0, Math.ceil((blockedUntil - now) / 1_000));
  const error = login.error;

  return (
    <AuthCard title="Sign in" intro="Welcome back.">
      <AuthForm
        busy={login.isPending}
        submitDisabled={waitSeconds > 0}
        submitLabel="Sign in"
        pendingLabel="Signing in…"
        onSubmit={() =>
          login.mutate(
            { email, password },
            {
              onError: (err) => {
                const wait = err instanceof ApiRequestError && err.status === 429 ? (err.retryAfterSeconds ?? 0) : 0;
                setBlockedUntil(wait > 0 ? Date.now() + wait * 1_000 : 0);
              },
            },
          )
        }
      >
        <EmailField autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} />
        <PasswordField required value={password} onChange={(e) => setPassword(e.target.value)} />
        {waitSeconds > 0 ? (
          <div className="notice" role="alert">
            Too many attempts: try again in {waitSeconds} s.
          </div>
        ) : (
          error && <ErrorNotice error={error} />
        )}
      </AuthForm>
      <p className="muted auth-foot">No account? Ask an admin of your workspace for an invite link.</p>
    </AuthCard>
  );
}
