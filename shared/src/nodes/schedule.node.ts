import { Clock } from 'lucide';
import { z } from 'zod';
import { CATEGORIES } from './categories.ts';
import { cronProblem, MAX_CRON_LENGTH, timezoneProblem } from './cron.ts';
import { defineNode } from './define-node.ts';

/**
 * Schedule trigger: starts a run of the workflow's latest saved version at each fire time of `cron` in
 * `timezone` (minute precision), exactly once across every worker process. Its output (the run's input) is
 * `{ scheduledAt, firedAt, cron, timezone }` (ISO times). Live while the workflow is saved with the node enabled.
 */
export const scheduleNode = defineNode({
  type: 'schedule',
  version: 1,
  title: 'Schedule',
  description: 'Starts the workflow on a cron schedule; its output is the fire time.',
  category: CATEGORIES.triggers,
  icon: Clock,
  trigger: { kind: 'schedule' },
  subtitle: (config) => (config.timezone === 'UTC' ? config.cron : `${config.cron} (${config.timezone})`),
  config: z
    .object({
      /** 5 fields (minute hour day-of-month month day-of-week) or @yearly, @monthly, @weekly, @daily, @hourly… */
      cron: z.string().trim().max(MAX_CRON_LENGTH).default('0 * * * *'),
      /** IANA time zone the expression is read in. */
      timezone: z.string().trim().max(64).default('UTC'),
      /** Off: nothing fires (the schedule is removed until the node is enabled and saved again). */
      enabled: z.boolean().default(true),
      /** After downtime: `skip` the fire times missed, or start `once` for all of them; then on schedule again. */
      catchUp: z.enum(['skip', 'once']).default('skip'),
      /** Example input for a run started by hand. */
      sampleInput: z.unknown().optional(),
    })
    .superRefine((config, ctx) => {
      const zone = timezoneProblem(config.timezone);
      if (zone) ctx.addIssue({ code: 'custom', path: ['timezone'], message: zone });
      const problem = zone ? null : cronProblem(config.cron, config.timezone);
      if (problem) ctx.addIssue({ code: 'custom', path: ['cron'], message: problem });
    }),
  ports: () => ({ inputs: [], outputs: [{ name: 'output', type: 'any' }] }),
  editor: {
    cron: {
      widget: 'text',
      label: 'Cron',
      help: 'minute hour day-of-month month day-of-week (e.g. 0 9 * * 1-5), or @hourly, @daily, @weekly, @monthly, @yearly',
      order: 1,
    },
    timezone: { widget: 'text', label: 'Time zone', help: 'IANA name, e.g. UTC or Europe/Berlin', order: 2 },
    catchUp: {
      widget: 'select',
      label: 'After downtime',
      help: 'skip: the fire times missed are dropped; once: one run for all of them',
      order: 3,
    },
    enabled: { widget: 'toggle', label: 'Enabled', order: 4 },
    sampleInput: { widget: 'json', label: 'Sample input', help: 'Input of a run started by hand', order: 5 },
  },
});

/** A schedule node's parsed config. */
export type ScheduleConfig = z.output<typeof scheduleNode.config>;

/** The input of a run a schedule started (the schedule node's output). */
export interface ScheduleRunInput {
  /** The fire time the run stands for (ISO); with `catchUp: once` after downtime, the first one missed. */
  scheduledAt: string;
  /** When the run was started (ISO). */
  firedAt: string;
  cron: string;
  timezone: string;
}
