import { Field, type FieldProps } from '../ui/Field.tsx';

/** Shortest password the server accepts (`PasswordSchema`). */
export const MIN_PASSWORD = 10;

type Props = Omit<FieldProps, 'label' | 'type'> & { label?: string };

/** A required email input, as long as the server accepts (254). */
export function EmailField({ label = 'Email', ...input }: Props) {
  return <Field label={label} type="email" required maxLength={254} {...input} />;
}

/**
 * A password input, as long as the server accepts (200). `isNew`: one being chosen, so at least
 * `MIN_PASSWORD` and the browser may suggest one; otherwise the account's current password.
 */
export function PasswordField({ label = 'Password', isNew = false, ...input }: Props & { isNew?: boolean }) {
  return (
    <Field
      label={label}
      type="password"
      autoComplete={isNew ? 'new-password' : 'current-password'}
      minLength={isNew ? MIN_PASSWORD : undefined}
      maxLength={200}
      {...input}
    />
  );
}
