import { describeNode } from '@switchyard/shared';
import { Hono } from 'hono';
import type { Deps } from '../deps.ts';

/** Node definitions as JSON (category, icon, config JSON Schema, ports, editor hints) for clients and the palette. */
export function nodeTypeRoutes(deps: Pick<Deps, 'nodes'>) {
  const descriptions = Object.values(deps.nodes.definitions).map((d) => describeNode(d));
  return new Hono().get('/', (c) => c.json({ nodeTypes: descriptions }));
}
