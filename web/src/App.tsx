import { HealthIndicator } from './HealthIndicator.tsx';
import { NodePalette } from './NodePalette.tsx';
import { WorkflowList } from './WorkflowList.tsx';

/** The home page: server health in the header, workflows, and the node types available to build with. */
export function App() {
  return (
    <div className="shell">
      <header className="topbar">
        <a className="brand" href="/">
          <img src="/favicon.svg" alt="" width={24} height={24} />
          <span>Switchyard</span>
        </a>
        <HealthIndicator />
      </header>
      <main className="content">
        <WorkflowList />
        <NodePalette />
      </main>
    </div>
  );
}
