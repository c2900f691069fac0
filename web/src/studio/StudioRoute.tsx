import { useCodeAgent } from '../api/code-agents.queries.ts';
import { ErrorNotice } from '../ErrorNotice.tsx';
import { StudioLayout } from './StudioLayout.tsx';
import { StudioStoreProvider } from './StudioStoreProvider.tsx';
import './studio.css';

/** `/studio/:agentId`: loads the agent, then edits a draft of its latest version. */
export function StudioRoute({ agentId }: { agentId: string }) {
  const agent = useCodeAgent(agentId);
  if (agent.error)
    return (
      <main className="content">
        <ErrorNotice error={agent.error} onRetry={() => void agent.refetch()} />
      </main>
    );
  if (!agent.data)
    return (
      <main className="content" aria-busy="true">
        <p className="muted">Loading code agent…</p>
      </main>
    );
  // The draft store is created once per agent: later refetches (after a save) must not reset what is being edited.
  return (
    <StudioStoreProvider key={agentId} version={agent.data.latest}>
      <StudioLayout agent={agent.data} />
    </StudioStoreProvider>
  );
}
