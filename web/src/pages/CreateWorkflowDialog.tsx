import { useState } from 'react';
import { useLocation } from 'wouter';
import { useCreateWorkflow } from '../api/workflows.mutations.ts';
import { useNodeRegistry } from '../node-registry/NodeRegistryProvider.tsx';
import { Field } from '../ui/Field.tsx';
import { FormDialog } from '../ui/FormDialog.tsx';
import { starterGraph } from './starter-graph.ts';

/** Asks for a name, creates the workflow (version 1, the starter graph) and opens it in the editor. */
export function CreateWorkflowDialog({ onClose }: { onClose(): void }) {
  const [name, setName] = useState('');
  const create = useCreateWorkflow();
  const registry = useNodeRegistry();
  const [, navigate] = useLocation();
  const trimmed = name.trim();

  return (
    <FormDialog
      title="New workflow"
      busy={create.isPending}
      submitDisabled={!trimmed}
      submitLabel="Create"
      pendingLabel="Creating…"
      error={create.error}
      onClose={onClose}
      onSubmit={() =>
        create.mutate(
          { name: trimmed, graph: starterGraph(registry) },
          { onSuccess: (wf) => navigate(`/workflows/${encodeURIComponent(wf.id)}`) },
        )
      }
    >
      <Field
        label="Name"
        value={name}
        maxLength={200}
        required
        placeholder="e.g. Enrich new signups"
        onChange={(e) => setName(e.currentTarget.value)}
        data-autofocus
      />
      <p className="muted">It starts as trigger → code → output, ready to run.</p>
    </FormDialog>
  );
}
