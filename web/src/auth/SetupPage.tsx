import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { authStatusKey, useSetup } from '../api/auth.queries.ts';
import { ApiRequestError } from '../api/client.ts';
import { ErrorNotice } from '../ErrorNotice.tsx';
import { Field } from '../ui/Field.tsx';
import { AuthCard } from './AuthCard.tsx';
import { AuthForm } from './AuthForm.tsx';
import { EmailField, MIN_PASSWORD, PasswordField } from './CredentialFields.tsx';

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
      <AuthForm
        busy={setup.isPending}
        submitLabel="Create owner account"
        pendingLabel="Creating…"
        onSubmit={() => setup.mutate({ name, email, password })}
      >
        <Field label="Name" autoComplete="name" required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} />
        <EmailField autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />
        <PasswordField
          isNew
          required
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
      </AuthForm>
    </AuthCard>
  );
}
