import type { Role } from '@switchyard/shared';
import { useId } from 'react';
import { ROLE_HINT, ROLE_LABEL } from './roles.ts';

interface Props {
  /** The roles offered, strongest first (see `grantableRoles`). */
  roles: readonly Role[];
  value: Role;
  onChange(role: Role): void;
}

/**
 * The labelled "Role" select of a form that hands out a role (an invite, a token): short option names, so it stays
 * narrow, and what the chosen role allows as a hint under it.
 */
export function RoleSelect({ roles, value, onChange }: Props) {
  const id = useId();
  const hintId = `${id}-hint`;
  // The hint sits outside the label, so the select's accessible name stays exactly "Role".
  return (
    <div className="create-field">
      <label htmlFor={id}>
        <span>Role</span>
      </label>
      <select
        id={id}
        className="input"
        value={value}
        aria-describedby={hintId}
        onChange={(e) => {
          const next = roles.find((r) => r === e.target.value);
          if (next) onChange(next);
        }}
      >
        {roles.map((r) => (
          <option key={r} value={r} title={ROLE_HINT[r]}>
            {ROLE_LABEL[r]}
          </option>
        ))}
      </select>
      <small id={hintId} className="muted">
        {ROLE_LABEL[value]}: {ROLE_HINT[value]}.
      </small>
    </div>
  );
}
