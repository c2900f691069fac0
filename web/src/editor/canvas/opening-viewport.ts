import { getNodesBounds, getViewportForBounds, type Viewport } from '@xyflow/react';
import type { FlowNode } from '../store/flow-types.ts';
import { DEFAULT_NODE_SIZE } from '../store/layout.ts';

/** Below this zoom a node's text is too small to read (13 px titles shrink under 7 px). */
export const READABLE_ZOOM = 0.5;
/** The zoom a workflow too large to fit opens at, on its trigger. */
export const START_ZOOM = 0.8;
/** Fitting never enlarges a small workflow past this zoom. */
const MAX_FIT_ZOOM = 1.1;
/** Free space around a fitted workflow, as a share of the pane. */
const FIT_PADDING = 0.15;
/** Screen pixels between the pane's left edge and the trigger, when the view starts on it. */
const START_MARGIN = 48;

const heightOf = (n: FlowNode) => n.measured?.height ?? n.height ?? n.initialHeight ?? DEFAULT_NODE_SIZE.height;

/** The node a workflow starts from: its leftmost trigger, else its leftmost node (top first on a tie). */
export function startNode(nodes: readonly FlowNode[], isTrigger: (node: FlowNode) => boolean): FlowNode | undefined {
  const leftmost = (list: readonly FlowNode[]) =>
    list.reduce<FlowNode | undefined>(
      (best, n) =>
        !best || n.position.x < best.position.x || (n.position.x === best.position.x && n.position.y < best.position.y)
          ? n
          : best,
      undefined,
    );
  return leftmost(nodes.filter(isTrigger)) ?? leftmost(nodes);
}

/**
 * The viewport a workflow opens at, for a pane of `width` × `height` screen pixels. A workflow that fits at a
 * readable zoom is fitted. A larger one opens at `START_ZOOM` with its trigger (`startNode`) at the left middle,
 * so the trigger and the nodes after it are on screen: never the empty middle of a large bounding box. Only the
 * visible part renders (onlyRenderVisibleElements), which keeps opening fast. An empty workflow opens at 100 %.
 */
export function openingViewport(
  nodes: readonly FlowNode[],
  size: { width: number; height: number },
  isTrigger: (node: FlowNode) => boolean,
): Viewport {
  const { width, height } = size;
  if (nodes.length === 0 || width <= 0 || height <= 0) return { x: 0, y: 0, zoom: 1 };
  const fitted = getViewportForBounds(getNodesBounds([...nodes]), width, height, 0, MAX_FIT_ZOOM, FIT_PADDING);
  if (fitted.zoom >= READABLE_ZOOM) return fitted;
  const start = startNode(nodes, isTrigger) as FlowNode;
  return {
    x: START_MARGIN - start.position.x * START_ZOOM,
    y: height / 2 - (start.position.y + heightOf(start) / 2) * START_ZOOM,
    zoom: START_ZOOM,
  };
}
