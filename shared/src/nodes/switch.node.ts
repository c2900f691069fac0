import { Route } from 'lucide';
import { z } from 'zod';
import { CATEGORIES } from './categories.ts';
import { CONDITION_GROUP_FIELDS } from './conditions.ts';
import { defineNode } from './define-node.ts';
import { PortNameSchema } from './port.ts';

/** The output port taken when no case matches. */
export const SWITCH_DEFAULT_PORT = 'default';

/** One case of a switch: its output port and the conditions that choose it. */
export const SwitchCaseSchema = z.object({
  /** The output port this case sends the input on. */
  name: PortNameSchema.refine(
    (name) => name !== SWITCH_DEFAULT_PORT,
    '"default" is the port taken when no case matches; name the case otherwise',
  ),
  ...CONDITION_GROUP_FIELDS,
});
export type SwitchCase = z.infer<typeof SwitchCaseSchema>;

const uniqueCaseNames = (cases: SwitchCase[], ctx: z.RefinementCtx) => {
  const seen = new Set<string>();
  cases.forEach((c, i) => {
    if (seen.has(c.name)) ctx.addIssue({ code: 'custom', message: `two cases are named "${c.name}"`, path: [i, 'name'] });
    seen.add(c.name);
  });
};

/**
 * Sends its input on the port of the first case whose conditions hold, else on `default`; every other port is not
 * taken. A case with no conditions (`all`) matches everything, like an `if` with none.
 */
export const switchNode = defineNode({
  type: 'switch',
  version: 1,
  title: 'Switch',
  description: 'Sends its input down the first case whose conditions hold, else `default`.',
  category: CATEGORIES.flow,
  icon: Route,
  subtitle: (config) => `${config.cases.length} ${config.cases.length === 1 ? 'case' : 'cases'} + default`,
  branches: true,
  config: z.object({
    /** Checked in order; the first that holds wins. */
    cases: z
      .array(SwitchCaseSchema)
      .min(1, 'a switch needs at least one case')
      .max(64, 'at most 64 cases')
      .superRefine(uniqueCaseNames)
      .default(() => [{ name: 'case1', combine: 'all' as const, conditions: [] }]),
  }),
  ports: (config) => ({
    inputs: [{ name: 'input', type: 'any', required: true }],
    outputs: [
      ...config.cases.map((c) => ({ name: c.name, type: 'any' as const })),
      { name: SWITCH_DEFAULT_PORT, type: 'any', description: 'The input, when no case matches' },
    ],
  }),
  editor: {
    cases: {
      widget: 'cases',
      label: 'Cases',
      help: 'Checked in order, first match wins; each case is an output port. No match: default',
      order: 1,
    },
  },
});
