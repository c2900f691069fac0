import type { CodeAgent } from '@switchyard/shared';
import { FileTabs } from './files/FileTabs.tsx';
import { FileTree } from './files/FileTree.tsx';
import { SidePanel } from './SidePanel.tsx';
import { StudioHeader } from './StudioHeader.tsx';

/** Sandbox Studio: files on the left, the editor in the middle, everything about the agent on the right. */
export function StudioLayout({ agent }: { agent: CodeAgent }) {
  return (
    <div className="studio">
      <StudioHeader agent={agent} />
      <div className="studio-body">
        <aside className="studio-files" aria-label="Files">
          <FileTree />
        </aside>
        <main className="studio-editor">
          <FileTabs agentId={agent.id} />
        </main>
        <aside className="studio-side" aria-label="Agent">
          <SidePanel agent={agent} />
        </aside>
      </div>
    </div>
  );
}
