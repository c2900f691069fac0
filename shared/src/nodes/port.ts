import { z } from 'zod';

/** Value types a port can carry. `any` connects to everything. */
export const PortTypeSchema = z.enum(['any', 'string', 'number', 'boolean', 'object', 'array']);
export type PortType = z.infer<typeof PortTypeSchema>;

/**
 * Names every JavaScript object already answers to (`Object.prototype`'s members, and `prototype`): as keys of
 * the plain objects that carry port values (`inputs`, multi-output results) they would read or replace
 * inherited members instead of a value, so no port may take one.
 */
export const RESERVED_PORT_NAMES: ReadonlySet<string> = new Set([
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  'toString',
  'valueOf',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
]);

/** A port name is a JS identifier, so user code can read `inputs.items`, and not one of RESERVED_PORT_NAMES. */
export const PortNameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z_$][A-Za-z0-9_$]*$/, 'a port name must be an identifier (letters, digits, _ or $)')
  .superRefine((name, ctx) => {
    if (RESERVED_PORT_NAMES.has(name))
      ctx.addIssue({
        code: 'custom',
        message: `"${name}" is reserved (every JavaScript object has it); choose another port name`,
      });
  });

/** A typed input or output of a node. */
export interface PortSpec {
  name: string;
  type: PortType;
  /** Inputs only: the node cannot run unless the port is connected. Default true. */
  required?: boolean;
  /** Inputs only: accepts many edges and receives an array of their values. Default false. */
  multiple?: boolean;
  description?: string;
}

/** The ports a node instance exposes (may depend on its config, e.g. a code node's port lists). */
export interface NodePorts {
  inputs: PortSpec[];
  outputs: PortSpec[];
}

/** Whether a value from a `source`-typed output may flow into a `target`-typed input. */
export function portTypesCompatible(source: PortType, target: PortType): boolean {
  return source === 'any' || target === 'any' || source === target;
}
