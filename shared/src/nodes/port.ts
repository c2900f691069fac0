import { z } from 'zod';

/** Value types a port can carry. `any` connects to everything. */
export const PortTypeSchema = z.enum(['any', 'string', 'number', 'boolean', 'object', 'array']);
export type PortType = z.infer<typeof PortTypeSchema>;

/** A port name is a JS identifier, so user code can read `inputs.items`. */
export const PortNameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z_$][A-Za-z0-9_$]*$/, 'a port name must be an identifier (letters, digits, _ or $)');

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
