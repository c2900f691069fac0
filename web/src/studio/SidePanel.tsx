import type { CodeAgent } from '@switchyard/shared';
import { type ReactNode, useState } from 'react';
import { useCan } from '../auth/useCan.ts';
import { ConfigPanel } from './panels/ConfigPanel.tsx';
import { EnvPanel } from './panels/EnvPanel.tsx';
import { ExportPanel } from './panels/ExportPanel.tsx';
import { HistoryPanel } from './panels/HistoryPanel.tsx';
import { RuntimePanel } from './panels/RuntimePanel.tsx';
import { SchemaPanel } from './panels/SchemaPanel.tsx';
import { TestPanel } from './panels/TestPanel.tsx';

const TABS = ['Test', 'Schema', 'Runtime', 'Env', 'Config', 'History', 'Export'] as const;
type Tab = (typeof TABS)[number];

/**
 * The agent's panels as tabs; each keeps its state while hidden (a test's result survives a look at the schema).
 * A role that cannot change agents sees the editing panels disabled.
 */
export function SidePanel({ agent }: { agent: CodeAgent }) {
  const [tab, setTab] = useState<Tab>('Test');
  const canWrite = useCan('agents:write');
  const editing = (panel: ReactNode) =>
    canWrite ? (
      panel
    ) : (
      <fieldset className="studio-lock" disabled>
        {panel}
      </fieldset>
    );
  const panels: Record<Tab, ReactNode> = {
    Test: <TestPanel agentId={agent.id} />,
    Schema: editing(<SchemaPanel />),
    Runtime: editing(<RuntimePanel />),
    Env: editing(<EnvPanel />),
    Config: editing(<ConfigPanel agent={agent} />),
    History: <HistoryPanel agentId={agent.id} />,
    Export: <ExportPanel agent={agent} />,
  };
  return (
    <>
      <div className="studio-tabs" role="tablist" aria-label="Agent panels">
        {TABS.map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            id={`studio-tab-${t}`}
            aria-selected={tab === t}
            aria-controls={`studio-panel-${t}`}
            className="studio-tab"
            onClick={() => setTab(t)}
          >
            {t}
          </button>
        ))}
      </div>
      {TABS.map((t) => (
        <section
          key={t}
          role="tabpanel"
          id={`studio-panel-${t}`}
          aria-labelledby={`studio-tab-${t}`}
          hidden={tab !== t}
          className="studio-panel"
        >
          {panels[t]}
        </section>
      ))}
    </>
  );
}
