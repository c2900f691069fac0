import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useLocation } from 'wouter';
import { switchWorkspace, useCreateWorkspace, useMe } from '../api/auth.queries.ts';
import { Field } from '../ui/Field.tsx';
import { FormDialog } from '../ui/FormDialog.tsx';
import { Popover } from '../ui/Popover.tsx';

/** The topbar's workspace: pick another one of the caller's (every cache starts over) or create one. */
export function WorkspaceSwitcher() {
  const me = useMe();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  if (!me) return null;
  const current = me.workspace;
  return (
    <>
      <Popover label={`Workspace: ${current?.name ?? 'none'}`} button={<span>{current?.name ?? 'No workspace'}</span>}>
        {(close) => (
          <>
            <div className="popover-head">
              <span className="muted">Workspaces</span>
            </div>
            {me.workspaces.map((w) => (
              <button
                key={w.id}
                type="button"
                className="popover-item"
                aria-current={w.id === current?.id ? 'true' : undefined}
                onClick={() => {
                  close();
                  if (w.id !== current?.id) switchWorkspace(queryClient, w.id);
                }}
              >
                <span>{w.name}</span>
                <span className="tag">{w.role}</span>
              </button>
            ))}
            <div className="popover-rule" />
            <button
              type="button"
              className="popover-item"
              onClick={() => {
                close();
                setCreating(true);
              }}
            >
              New workspace…
            </button>
          </>
        )}
      </Popover>
      {creating && <CreateWorkspaceDialog onClose={() => setCreating(false)} />}
    </>
  );
}

/** Asks for a name, creates the workspace (the caller owns it) and switches to it. */
function CreateWorkspaceDialog({ onClose }: { onClose(): void }) {
  const [name, setName] = useState('');
  const create = useCreateWorkspace();
  const [, navigate] = useLocation();
  const trimmed = name.trim();
  return (
    <FormDialog
      title="New workspace"
      busy={create.isPending}
      submitDisabled={!trimmed}
      submitLabel="Create workspace"
      pendingLabel="Creating…"
      error={create.error}
      onClose={onClose}
      onSubmit={() =>
        create.mutate(trimmed, {
          onSuccess: () => {
            onClose();
            navigate('/');
          },
        })
      }
    >
      <Field
        label="Workspace name"
        required
        maxLength={120}
        value={name}
        onChange={(e) => setName(e.target.value)}
        data-autofocus
      />
      <p className="muted">You will be its owner. Workflows, code agents, secrets and tokens are kept per workspace.</p>
    </FormDialog>
  );
}
