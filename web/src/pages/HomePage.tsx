import { NodePalette } from './NodePalette.tsx';
import { WorkflowList } from './WorkflowList.tsx';

/** `/`: the workflows, and the node types available to build with. */
export function HomePage() {
  return (
    <main className="content">
      <WorkflowList />
      <NodePalette />
    </main>
  );
}
