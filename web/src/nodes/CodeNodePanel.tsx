import { CodeAgentSection } from '../editor/inspector/code-agent/CodeAgentSection.tsx';
import { RuntimeDecisionPanel } from '../editor/inspector/RuntimeDecisionPanel.tsx';
import type { NodePanelProps } from './panel-props.ts';

/** A code node's panels: where its code would run and why (for inline code), and the code agent it runs or could. */
export function CodeNodePanel({ nodeId, data, readOnly }: NodePanelProps) {
  return (
    <>
      {data.config.agent === undefined && <RuntimeDecisionPanel data={data} />}
      <CodeAgentSection nodeId={nodeId} data={data} readOnly={readOnly} />
    </>
  );
}
