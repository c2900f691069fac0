import { NodePalette } from './NodePalette.tsx';
import { WorkflowList } from './WorkflowList.tsx';
import './home.css';

/** `/`: the workflows, and the node types available to build with. */
export function HomePage() {
  return (
    <main className="content">
      <WorkflowList />
      <NodePalette />
    </main>
  );
}
