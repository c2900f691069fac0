import { Split } from 'lucide';
import { z } from 'zod';
import { CATEGORIES } from './categories.ts';
import { CONDITION_GROUP_FIELDS, describeGroup } from './conditions.ts';
import { defineNode } from './define-node.ts';

/**
 * Sends its input on `true` when the conditions hold, else on `false` (see conditions.ts for how they read the
 * input). The other port is not taken: what it alone feeds ends skipped with `branch_not_taken`.
 */
export const ifNode = defineNode({
  type: 'if',
  version: 1,
  title: 'If',
  description: 'Sends its input down `true` or `false`, by conditions on the input.',
  category: CATEGORIES.flow,
  icon: Split,
  subtitle: (config) => describeGroup(config),
  branches: true,
  config: z.object(CONDITION_GROUP_FIELDS),
  ports: () => ({
    inputs: [{ name: 'input', type: 'any', required: true }],
    outputs: [
      { name: 'true', type: 'any', description: 'The input, when the conditions hold' },
      { name: 'false', type: 'any', description: 'The input, when they do not' },
    ],
  }),
  editor: {
    conditions: {
      widget: 'conditions',
      label: 'Conditions',
      help: 'Each reads a path of the input (e.g. user.age; empty for the input itself) and compares it',
      order: 2,
    },
    combine: { widget: 'select', label: 'Combine', help: 'all: every condition holds (none: true); any: at least one', order: 1 },
  },
});
