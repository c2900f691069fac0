import type { ComponentType } from 'react';
import type { NodePanelProps } from './panel-props.ts';
import { SchedulePanel } from './SchedulePanel.tsx';
import { WebhookPanel } from './WebhookPanel.tsx';

export type { NodePanelProps } from './panel-props.ts';

/**
 * Extra inspector panels by node type, for what a generated form cannot show (live URLs, requests received,
 * next fire times). Optional: a node type without one needs no web code.
 */
export const nodePanels: Readonly<Record<string, ComponentType<NodePanelProps>>> = {
  webhook: WebhookPanel,
  schedule: SchedulePanel,
};
