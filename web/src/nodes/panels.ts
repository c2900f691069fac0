import type { ComponentType } from 'react';
import { CodeNodePanel } from './CodeNodePanel.tsx';
import type { NodePanelProps } from './panel-props.ts';
import { SchedulePanel } from './SchedulePanel.tsx';
import { WebhookPanel } from './WebhookPanel.tsx';

export type { NodePanelProps } from './panel-props.ts';

/**
 * Extra inspector panels by node type, for what a generated form cannot show (live URLs, requests received,
 * next fire times, the runtime a code node would get). Optional: a node type without one needs no web code.
 */
export const nodePanels: Readonly<Record<string, ComponentType<NodePanelProps>>> = {
  code: CodeNodePanel,
  webhook: WebhookPanel,
  schedule: SchedulePanel,
};
