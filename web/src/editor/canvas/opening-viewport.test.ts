import { defaultRegistry, type WorkflowNode } from '@switchyard/shared';
import { code, output, trigger } from '@switchyard/shared/fixtures';
import { describe, expect, it } from 'vitest';
import { isTriggerType } from '../../node-registry/definitions.ts';
import { type FlowNode, toFlowNode } from '../store/flow-types.ts';
import { openingViewport, READABLE_ZOOM, startNode } from './opening-viewport.ts';

const PANE = { width: 1200, height: 700 };
const isTrigger = (n: FlowNode) => isTriggerType(defaultRegistry, n.data.type);
const at = (node: WorkflowNode, x: number, y: number) => toFlowNode({ ...node, position: { x, y } }, defaultRegistry);

/** The flow-space rectangle the pane shows at `viewport`. */
function visibleRect(v: { x: number; y: number; zoom: number }) {
  return { left: -v.x / v.zoom, top: -v.y / v.zoom, right: (PANE.width - v.x) / v.zoom, bottom: (PANE.height - v.y) / v.zoom };
}
/** Whether a node's top-left corner and title row are on screen. */
function onScreen(v: { x: number; y: number; zoom: number }, node: FlowNode) {
  const r = visibleRect(v);
  const { x, y } = node.position;
  return x >= r.left && x + 100 <= r.right && y >= r.top && y + 30 <= r.bottom;
}

describe('openingViewport', () => {
  it('opens an empty workflow at 100 %', () => {
    expect(openingViewport([], PANE, isTrigger)).toEqual({ x: 0, y: 0, zoom: 1 });
  });

  //   trigger ──► a ──► output   (fits the pane)
  it('fits a workflow that fits at a readable zoom', () => {
    const nodes = [at(trigger(), 0, 0), at(code('a', ''), 300, 0), at(output(), 600, 0)];
    const v = openingViewport(nodes, PANE, isTrigger);
    expect(v.zoom).toBeGreaterThanOrEqual(READABLE_ZOOM);
    for (const n of nodes) expect(onScreen(v, n)).toBe(true);
  });

  //   a (x 0) … trigger (x 2,000) ──► … nodes spread over 5,000 px by 5,000 px, none near the middle
  it('opens a workflow too large to fit on its trigger, at a readable zoom, with the next node in view', () => {
    const nodes = [
      at(code('a', ''), 0, 4_800),
      at(trigger(), 2_000, 0),
      at(code('next', ''), 2_300, 0),
      at(code('far', ''), 5_000, 5_000),
      at(output(), 5_000, 0),
    ];
    const v = openingViewport(nodes, PANE, isTrigger);
    expect(v.zoom).toBeGreaterThanOrEqual(READABLE_ZOOM);
    expect(onScreen(v, nodes[1] as FlowNode)).toBe(true);
    expect(onScreen(v, nodes[2] as FlowNode)).toBe(true);
    // The trigger sits at the left, vertically centred.
    const screenX = 2_000 * v.zoom + v.x;
    expect(screenX).toBeLessThan(PANE.width / 4);
    expect(Math.abs(((nodes[1] as FlowNode).position.y + 40) * v.zoom + v.y - PANE.height / 2)).toBeLessThan(60);
  });

  it('starts from the leftmost node when the workflow has no trigger', () => {
    const nodes = [at(code('b', ''), 4_000, 3_000), at(code('a', ''), -200, 5_000), at(output(), 6_000, 0)];
    expect(startNode(nodes, isTrigger)?.id).toBe('a');
    const v = openingViewport(nodes, PANE, isTrigger);
    expect(onScreen(v, nodes[1] as FlowNode)).toBe(true);
  });

  it('prefers the leftmost of several triggers', () => {
    const nodes = [at(code('a', ''), 0, 0), at(trigger('t2'), 900, 0), at(trigger('t1'), 500, 200)];
    expect(startNode(nodes, isTrigger)?.id).toBe('t1');
  });
});
