import { useState } from 'react';
import { useLocation } from 'wouter';
import { useMe } from '../api/auth.queries.ts';
import { useMembers, useTransferWorkspace } from '../api/members.queries.ts';
import { useDeleteWorkspace, useRenameWorkspace } from '../api/workspace.mutations.ts';
import { useCan } from '../auth/useCan.ts';
import { ErrorNotice } from '../ErrorNotice.tsx';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { Field } from '../ui/Field.tsx';

/** `/settings/workspace`: rename (admins); transfer ownership and delete (the owner). */
export function WorkspaceSettingsPage() {
  const workspace = useMe()?.workspace ?? null;
  const canRename = useCan('workspace:update');
  const isOwner = useCan('workspace:delete');
  const rename = useRenameWorkspace();
  const [name, setName] = useState<string | null>(null);
  const shown = name ?? workspace?.name ?? '';

  return (
    <>
      <section className="panel" aria-labelledby="workspace-heading">
        <div className="panel-head">
          <h1 id="workspace-heading">Workspace</h1>
          {workspace && <span className="tag">your role: {workspace.role}</span>}
        </div>
        {canRename ? (
          <form
            className="settings-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (shown.trim()) rename.mutate(shown.trim(), { onSuccess: () => setName(null) });
            }}
          >
            <Field label="Workspace name" required maxLength={120} value={shown} onChange={(e) => setName(e.target.value)} />
            <button
              type="submit"
              className="button button-primary"
              disabled={rename.isPending || shown.trim() === workspace?.name}
            >
              Rename workspace
            </button>
          </form>
        ) : (
          <p>{workspace?.name}</p>
        )}
        {rename.error && <ErrorNotice error={rename.error} />}
      </section>
      {isOwner && <TransferOwnership />}
      {isOwner && workspace && <DeleteWorkspace name={workspace.name} />}
    </>
  );
}

/** Makes another member the owner; the caller stays as an admin. */
function TransferOwnership() {
  const me = useMe();
  const members = useMembers();
  const transfer = useTransferWorkspace();
  const [userId, setUserId] = useState('');
  const [confirming, setConfirming] = useState(false);
  const others = members.data?.filter((m) => m.userId !== me?.user.id) ?? [];
  const target = others.find((m) => m.userId === userId);
  return (
    <section className="panel" aria-labelledby="transfer-heading">
      <div className="panel-head">
        <h2 id="transfer-heading">Transfer ownership</h2>
      </div>
      <p className="muted settings-section-intro">The new owner can delete the workspace; you become an admin.</p>
      {others.length === 0 ? (
        <p className="muted">Invite someone first: there is no other member.</p>
      ) : (
        <div className="settings-form">
          <label className="create-field">
            <span>New owner</span>
            <select className="input" value={userId} onChange={(e) => setUserId(e.target.value)}>
              <option value="">Choose a member…</option>
              {others.map((m) => (
                <option key={m.userId} value={m.userId}>
                  {m.name} ({m.email})
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="button"
            disabled={!target}
            onClick={() => {
              transfer.reset();
              setConfirming(true);
            }}
          >
            Transfer ownership
          </button>
        </div>
      )}
      {confirming && target && (
        <ConfirmDialog
          title={`Make ${target.name} the owner?`}
          confirmLabel="Transfer"
          danger
          busy={transfer.isPending}
          error={transfer.error}
          onCancel={() => setConfirming(false)}
          onConfirm={() => transfer.mutate(target.userId, { onSuccess: () => setConfirming(false) })}
        >
          <p>You become an admin of this workspace. Only the new owner can give ownership back.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

/** Deletes the workspace and everything in it, after the owner types its name. */
function DeleteWorkspace({ name }: { name: string }) {
  const remove = useDeleteWorkspace();
  const [, navigate] = useLocation();
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState('');
  return (
    <section className="panel danger-zone" aria-labelledby="delete-heading">
      <div className="panel-head">
        <h2 id="delete-heading">Delete workspace</h2>
      </div>
      <p className="muted settings-section-intro">
        Every workflow, run, code agent, secret, token and invite in it is deleted. Not possible while runs are active, or for
        your only workspace.
      </p>
      <button
        type="button"
        className="button button-danger"
        onClick={() => {
          remove.reset();
          setTyped('');
          setConfirming(true);
        }}
      >
        Delete workspace…
      </button>
      {confirming && (
        <ConfirmDialog
          title={`Delete “${name}”?`}
          confirmLabel="Delete workspace"
          danger
          busy={remove.isPending}
          confirmDisabled={typed !== name}
          error={remove.error}
          onCancel={() => setConfirming(false)}
          onConfirm={() => remove.mutate(undefined, { onSuccess: () => navigate('/') })}
        >
          <p>This cannot be undone. Type the workspace name to confirm.</p>
          <Field label="Workspace name to confirm" value={typed} onChange={(e) => setTyped(e.target.value)} />
        </ConfirmDialog>
      )}
    </section>
  );
}
