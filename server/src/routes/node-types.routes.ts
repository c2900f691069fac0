import { describeNode, nodeDefinitions } from '@switchyard/shared';
import { Hono } from 'hono';

const descriptions = Object.values(nodeDefinitions).map((d) => describeNode(d as never));

/** Node definitions as JSON (config JSON Schema, ports, editor hints) for the palette and inspector. */
export function nodeTypeRoutes() {
  return new Hono().get('/', (c) => c.json({ nodeTypes: descriptions }));
}
