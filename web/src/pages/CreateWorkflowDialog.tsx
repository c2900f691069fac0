import { useState } from 'react';
import { useLocation } from 'wouter';
import { useCreateWorkflow } from '../api/workflows.mutations.ts';
import { ErrorNotice } from '../ErrorNotice.tsx';
import { useModal } from '../ui/useModal.ts';
import { starterGraph } from './starter-graph.ts';

/** Asks for a name, creates the workflow (version 1, the starter graph) and opens it in the editor. */
export function CreateWorkflowDialog({ onClose }: { onClose(): void }) {
  const ref = useModal();
  const [name, setName] = useState('');
  const create = useCreateWorkflow();
  const [, navigate] = useLocation();
  const trimmed = name.trim();

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="create-title"
      onCancel={(e) => {
        e.preventDefault();
        if (!create.isPending) onClose();
      }}
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (!trimmed || create.isPending) return;
          create.mutate(
            { name: trimmed, graph: starterGraph() },
            { onSuccess: (wf) => navigate(`/workflows/${encodeURIComponent(wf.id)}`) },
          );
        }}
      >
        <h2 id="create-title">New workflow</h2>
        <label className="create-field">
          <span>Name</span>
          <input
            className="input"
            value={name}
            maxLength={200}
            required
            placeholder="e.g. Enrich new signups"
            onChange={(e) => setName(e.currentTarget.value)}
            data-autofocus
          />
        </label>
        <p className="muted">It starts as trigger → code → output, ready to run.</p>
        {create.error && <ErrorNotice error={create.error} />}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose} disabled={create.isPending}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={!trimmed || create.isPending}>
            {create.isPending ? 'Creating…' : 'Create'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
