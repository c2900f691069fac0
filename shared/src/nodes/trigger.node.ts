import { Play } from 'lucide';
import { z } from 'zod';
import { CATEGORIES } from './categories.ts';
import { defineNode } from './define-node.ts';

/** Manual trigger: its `output` port carries the run's input. */
export const triggerNode = defineNode({
  type: 'trigger',
  version: 1,
  title: 'Manual trigger',
  description: "Starts the workflow; its output is the run's input.",
  category: CATEGORIES.triggers,
  icon: Play,
  singleton: true,
  trigger: { kind: 'manual' },
  config: z.object({
    /** Example input shown in the run dialog. */
    sampleInput: z.unknown().optional(),
  }),
  ports: () => ({ inputs: [], outputs: [{ name: 'output', type: 'any' }] }),
  editor: { sampleInput: { widget: 'json', label: 'Sample input' } },
});
