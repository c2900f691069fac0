import type { Role } from '@switchyard/shared';
import { ROLE_HINT } from './roles.ts';

interface Props {
  /** The roles offered, strongest first (see `grantableRoles`). */
  roles: readonly Role[];
  value: Role;
  onChange(role: Role): void;
}

/** The labelled "Role" select of a form that hands out a role (an invite, a token), each option with what it allows. */
export function RoleSelect({ roles, value, onChange }: Props) {
  return (
    <label className="create-field">
      <span>Role</span>
      <select
        className="input"
        value={value}
        onChange={(e) => {
          const next = roles.find((r) => r === e.target.value);
          if (next) onChange(next);
        }}
      >
        {roles.map((r) => (
          <option key={r} value={r}>
            {r} — {ROLE_HINT[r]}
          </option>
        ))}
      </select>
    </label>
  );
}
