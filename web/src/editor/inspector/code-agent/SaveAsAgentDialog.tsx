import type { NodeConfig } from '@switchyard/shared';
import { useCreateCodeAgent } from '../../../api/code-agents.queries.ts';
import { AgentFormDialog } from '../../../pages/code-agents/AgentFormDialog.tsx';
import { useAgentIdentity } from '../../../pages/code-agents/AgentIdentityFields.tsx';
import { useEditorApi } from '../../store/EditorStoreProvider.tsx';
import { agentContentFromNode, rewireToAgent } from './agent-from-node.ts';

/**
 * Saves a code node's code, schemas, runtime and policy as a new code agent (version 1), then rewires the node to
 * run that version: one `updateConfig`, so it is one undo step and autosave picks it up. A refusal (a taken slug,
 * an invalid schema) stays in the dialog.
 */
export function SaveAsAgentDialog({
  nodeId,
  config,
  suggestedName,
  onClose,
}: {
  nodeId: string;
  config: NodeConfig<'code'>;
  suggestedName: string;
  onClose(): void;
}) {
  const identity = useAgentIdentity(suggestedName);
  const create = useCreateCodeAgent();
  const store = useEditorApi();
  return (
    <AgentFormDialog
      title="Save as code agent"
      idPrefix={`save-agent-${nodeId}`}
      identity={identity}
      mutation={create}
      submitLabel="Save agent"
      pendingLabel="Saving…"
      onClose={onClose}
      onSubmit={() =>
        create.mutate(
          {
            ...identity.fields(),
            content: agentContentFromNode(config),
            changelog: `Saved from node ${nodeId}`,
          },
          {
            onSuccess: (agent) => {
              store.getState().updateConfig(nodeId, rewireToAgent(agent.id));
              onClose();
            },
          },
        )
      }
      intro={
        <p className="muted">
          The node's code, input and output schemas, runtime and policy become version 1 of a new agent, and this node then runs
          that version. Edit, test and publish it in Studio.
        </p>
      }
    />
  );
}
