import { type FitViewOptions, useReactFlow } from '@xyflow/react';
import { useCallback } from 'react';
import type { FlowNode } from '../store/flow-types.ts';

/**
 * React Flow's fitView counts only nodes it has measured; nodes that were never on screen are not
 * (see `node-geometry.ts`), so every fit in the editor includes them by their estimated size.
 */
export function useFitView() {
  const flow = useReactFlow<FlowNode>();
  return useCallback(
    (options: FitViewOptions<FlowNode> = {}) => void flow.fitView({ duration: 250, ...options, includeHiddenNodes: true }),
    [flow],
  );
}
