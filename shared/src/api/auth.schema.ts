import { z } from 'zod';
import { RoleSchema, type Scope } from '../auth/roles.ts';

const Email = z.string().trim().toLowerCase().max(254).pipe(z.email());
/** 10 to 200 characters: long enough to matter, short enough that hashing it stays cheap. */
export const PasswordSchema = z.string().min(10, 'use at least 10 characters').max(200);
const PersonName = z.string().trim().min(1).max(120);
export const WorkspaceNameSchema = z.string().trim().min(1).max(120);

export const SetupBodySchema = z.object({ name: PersonName, email: Email, password: PasswordSchema }).strict();
export const LoginBodySchema = z.object({ email: Email, password: z.string().min(1).max(200) }).strict();
export const ChangePasswordBodySchema = z
  .object({ currentPassword: z.string().min(1).max(200), newPassword: PasswordSchema })
  .strict();
export const ResetPasswordBodySchema = z.object({ newPassword: PasswordSchema }).strict();

export const UserSchema = z.object({ id: z.string(), name: z.string(), email: z.string(), createdAt: z.string() });
export type User = z.infer<typeof UserSchema>;

export const WorkspaceMembershipSchema = z.object({ id: z.string(), name: z.string(), role: RoleSchema });
export type WorkspaceMembership = z.infer<typeof WorkspaceMembershipSchema>;

/** `GET /api/auth/me`: who is calling, through what, and what they may do in the current workspace. */
export const MeSchema = z.object({
  user: UserSchema,
  workspaces: z.array(WorkspaceMembershipSchema),
  /** The workspace this request acted in (`X-Switchyard-Workspace`, else the first membership); null when none. */
  workspace: WorkspaceMembershipSchema.nullable(),
  scopes: z.array(z.string()) as z.ZodType<Scope[]>,
  via: z.enum(['session', 'token']),
  /** Send it back as `X-CSRF-Token` on cookie-authenticated writes (also in the `sy_csrf` cookie). */
  csrfToken: z.string().nullable(),
});
export type Me = z.infer<typeof MeSchema>;

export const AuthStatusSchema = z.object({ setupRequired: z.boolean() });

export const CreateWorkspaceBodySchema = z.object({ name: WorkspaceNameSchema }).strict();
export const UpdateWorkspaceBodySchema = z.object({ name: WorkspaceNameSchema }).strict();
export const TransferWorkspaceBodySchema = z.object({ userId: z.string().min(1).max(64) }).strict();

export const MemberSchema = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  role: RoleSchema,
  joinedAt: z.string(),
});
export type Member = z.infer<typeof MemberSchema>;
export const SetRoleBodySchema = z.object({ role: RoleSchema.exclude(['owner']) }).strict();

export const CreateInviteBodySchema = z
  .object({
    email: Email,
    role: RoleSchema.exclude(['owner']),
    /** 1 to 30 days; default 7. */
    expiresInDays: z.number().int().min(1).max(30).optional(),
  })
  .strict();
export const InviteSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: RoleSchema,
  invitedBy: z.string().nullable(),
  createdAt: z.string(),
  expiresAt: z.string(),
});
export type Invite = z.infer<typeof InviteSchema>;
/** The one-time token and the link to send; shown in this response only. */
export const CreatedInviteSchema = InviteSchema.extend({ token: z.string(), url: z.string() });
/** What the invite page shows before the invitee accepts. */
export const InvitePreviewSchema = z.object({
  workspaceName: z.string(),
  email: z.string(),
  role: RoleSchema,
  expiresAt: z.string(),
  /** True when an account with this email exists: accept with its password instead of a new one. */
  existingAccount: z.boolean(),
});
export const AcceptInviteBodySchema = z.object({ name: PersonName.optional(), password: z.string().min(1).max(200) }).strict();

/** `api`: the whole API with the token's role; `mcp`: only `/mcp`, optionally only some agents. */
export const TokenAccessSchema = z.enum(['api', 'mcp']);
export const CreateTokenBodySchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    /** At most the creator's role; default: the creator's role (`runner` for `mcp`). */
    role: RoleSchema.optional(),
    /** 1 to 3650 days; absent: never expires. */
    expiresInDays: z.number().int().min(1).max(3650).optional(),
    access: TokenAccessSchema.default('api'),
    /** For `mcp` tokens: the agents it may list and call; absent: every published agent. */
    agentIds: z.array(z.string().min(1).max(64)).max(500).optional(),
  })
  .strict();
export const ApiTokenInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: RoleSchema,
  access: TokenAccessSchema,
  agentIds: z.array(z.string()).nullable(),
  /** First characters of the token, to recognise it (`sy_abcd…`). */
  prefix: z.string(),
  createdBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export type ApiTokenInfo = z.infer<typeof ApiTokenInfoSchema>;
export const CreatedTokenSchema = ApiTokenInfoSchema.extend({ token: z.string() });

export const AuditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  workspaceId: z.string().nullable(),
  actor: z.object({
    userId: z.string().nullable(),
    /** The user's email, or "token <name>", or "system". */
    label: z.string(),
    tokenId: z.string().nullable(),
  }),
  action: z.string(),
  resourceType: z.string().nullable(),
  resourceId: z.string().nullable(),
  outcome: z.enum(['success', 'failure']),
  ip: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export const AuditQuerySchema = z.object({
  userId: z.string().max(64).optional(),
  action: z.string().max(64).optional(),
  resourceType: z.string().max(64).optional(),
  resourceId: z.string().max(200).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  /** Paging: the `nextCursor` of the previous page. */
  cursor: z.string().regex(/^\d+$/).max(20).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const AuditPageSchema = z.object({ entries: z.array(AuditEntrySchema), nextCursor: z.string().nullable() });
