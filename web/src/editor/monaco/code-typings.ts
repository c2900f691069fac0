import type { NodePorts, PortSpec, PortType } from '@switchyard/shared';

const TS_TYPES: Record<PortType, string> = {
  any: 'unknown',
  string: 'string',
  number: 'number',
  boolean: 'boolean',
  object: 'Record<string, unknown>',
  array: 'unknown[]',
};

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const key = (name: string) => (IDENTIFIER.test(name) ? name : JSON.stringify(name));

/** The TS type of the value one port carries; a `multiple` input receives an array of its edges' values. */
function valueType(port: PortSpec): string {
  const single = TS_TYPES[port.type];
  if (!port.multiple) return single;
  return single.endsWith('[]') || single.includes('<') ? `Array<${single}>` : `${single}[]`;
}

/** The value `main` returns: the single output's value, or an object keyed by output port (see the code executor). */
function outputsType(outputs: readonly PortSpec[]): string {
  if (outputs.length === 0) return 'unknown';
  if (outputs.length === 1 && outputs[0]) return valueType(outputs[0]);
  return `{\n${outputs.map((p) => `  ${key(p.name)}: ${valueType(p)};`).join('\n')}\n}`;
}

/**
 * Global declarations for a code node's editor: `Inputs` from its input ports, `Outputs`, and the `Ctx`
 * the runtime really passes (`server/src/runtimes/node-runner.mjs`: `log` and `env`; there is no signal).
 * User code opts in with `main(inputs: Inputs, ctx: Ctx)` in TS or `@param {Inputs} inputs` in JS.
 */
export function codeTypings(ports: NodePorts): string {
  const inputs = ports.inputs.map((p) => `  ${key(p.name)}${p.required === false ? '?' : ''}: ${valueType(p)};`);
  return `/** Values of this node's input ports, keyed by port name. */
interface Inputs {
${inputs.map((line) => `${line}\n`).join('')}}

/** What \`main\` returns: the value of the single output port, or an object keyed by output port. */
type Outputs = ${outputsType(ports.outputs)};

/** The second argument of \`main\`. */
interface Ctx {
  /** Writes one line (arguments formatted like console.log) to the run's logs. */
  log(...args: unknown[]): void;
  /** Environment variables given to this run. */
  readonly env: Readonly<Record<string, string>>;
}

/** The shape of a code node's default export. */
type Main = (inputs: Inputs, ctx: Ctx) => Outputs | Promise<Outputs>;
`;
}
