import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { authStatusKey, useSetup } from '../api/auth.queries.ts';
import { ApiRequestError } from '../api/client.ts';
import { ErrorNotice } from '../ErrorNotice.tsx';
import { Field } from '../ui/Field.tsx';
import { AuthCard } from './AuthCard.tsx';

/** Shortest password the server accepts (`PasswordSchema`). */
export const MIN_PASSWORD = 10;

/** First start: the one-time form that creates the owner account (and signs it in). */
export function SetupPage() {
  const queryClient = useQueryClient();
  const setup = useSetup();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const taken = setup.error instanceof ApiRequestError && setup.error.status === 409;

  return (
    <AuthCard
      title="Set up Switchyard"
      intro="Create the owner account. It owns the default workspace and can invite everyone else."
    >
      <form
        className="auth-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!setup.isPending) setup.mutate({ name, email, password });
        }}
      >
        <Field label="Name" autoComplete="name" required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} />
        <Field
          label="Email"
          type="email"
          autoComplete="email"
          required
          maxLength={254}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <Field
          label="Password"
          type="password"
          autoComplete="new-password"
          required
          minLength={MIN_PASSWORD}
          maxLength={200}
          hint={`At least ${MIN_PASSWORD} characters. Anyone who can reach this server can try it: make it strong.`}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {setup.error && <ErrorNotice error={setup.error} />}
        {taken && (
          <button
            type="button"
            className="button"
            onClick={() => void queryClient.invalidateQueries({ queryKey: authStatusKey })}
          >
            Go to sign-in
          </button>
        )}
        <button type="submit" className="button button-primary" disabled={setup.isPending}>
          {setup.isPending ? 'Creating…' : 'Create owner account'}
        </button>
      </form>
    </AuthCard>
  );
}
