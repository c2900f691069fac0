import { useState } from 'react';
import { useLogin } from '../api/auth.queries.ts';
import { ApiRequestError } from '../api/client.ts';
import { ErrorNotice } from '../ErrorNotice.tsx';
import { Field } from '../ui/Field.tsx';
import { useNow } from '../ui/useNow.ts';
import { AuthCard } from './AuthCard.tsx';

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
    <AuthCard title="Sign in">
      <form
        className="auth-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (login.isPending || waitSeconds > 0) return;
          login.mutate(
            { email, password },
            {
              onError: (err) => {
                const wait = err instanceof ApiRequestError && err.status === 429 ? (err.retryAfterSeconds ?? 0) : 0;
                setBlockedUntil(wait > 0 ? Date.now() + wait * 1_000 : 0);
              },
            },
          );
        }}
      >
        <Field
          label="Email"
          type="email"
          autoComplete="username"
          required
          maxLength={254}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <Field
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          maxLength={200}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {waitSeconds > 0 ? (
          <div className="notice" role="alert">
            Too many attempts: try again in {waitSeconds} s.
          </div>
        ) : (
          error && <ErrorNotice error={error} />
        )}
        <button type="submit" className="button button-primary" disabled={login.isPending || waitSeconds > 0}>
          {login.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p className="muted auth-foot">No account? Ask an admin of your workspace for an invite link.</p>
    </AuthCard>
  );
}
