import { Flag } from 'lucide';
import { z } from 'zod';
import { CATEGORIES } from './categories.ts';
import { defineNode } from './define-node.ts';

/** What this node receives becomes the run's output. */
export const outputNode = defineNode({
  type: 'output',
  version: 1,
  title: 'Output',
  description: "Its input becomes the run's output.",
  category: CATEGORIES.outputs,
  icon: Flag,
  subtitle: (config) => config.name ?? null,
  runOutput: (config) => (config.name ? { name: config.name } : {}),
  config: z.object({
    /** Key of this value in the run output when a workflow has several output nodes. */
    name: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'use 1-64 letters, digits, _ or -')
      .optional(),
  }),
  ports: () => ({ inputs: [{ name: 'input', type: 'any', required: true }], outputs: [] }),
  editor: { name: { widget: 'text', label: 'Output name', help: 'Used as the key when there are several outputs' } },
});
