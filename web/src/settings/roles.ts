import { ROLES, type Role, roleAtLeast } from '@switchyard/shared';

/** Each role's name as a select shows it. */
export const ROLE_LABEL: Record<Role, string> = {
  owner: 'Owner',
  admin: 'Admin',
  editor: 'Editor',
  runner: 'Runner',
  viewer: 'Viewer',
};

/** What each role may do, in a few words (role selects show it). */
export const ROLE_HINT: Record<Role, string> = {
  owner: 'everything, including deleting the workspace',
  admin: 'members, secrets, tokens, settings',
  editor: 'create, change and run workflows and agents',
  runner: 'run existing workflows and agents',
  viewer: 'read only',
};

/** Roles the caller may hand out (never above their own), strongest first; `owner` only moves by transfer. */
export function grantableRoles(mine: Role | null, { includeOwner = false } = {}): Role[] {
  return ROLES.filter((r) => (includeOwner || r !== 'owner') && (mine === null || roleAtLeast(mine, r)));
}
