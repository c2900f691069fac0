import { defaultRegistry, type NodeRegistry } from '@switchyard/shared';
import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { ReactFlowProvider } from '@xyflow/react';
import { Canvas } from '../editor/canvas/Canvas.tsx';
import { Palette } from '../editor/canvas/Palette.tsx';
import { Inspector } from '../editor/inspector/Inspector.tsx';
import { EditorStoreProvider, useEditorApi } from '../editor/store/EditorStoreProvider.tsx';
import type { EditorDocument, EditorStore } from '../editor/store/editor-store.ts';
import { NodeRegistryProvider } from '../node-registry/NodeRegistryProvider.tsx';
import { offlineQueryClient } from './render-inspector.tsx';

function StoreProbe({ onStore }: { onStore(store: EditorStore): void }) {
  onStore(useEditorApi());
  return null;
}

/**
 * Renders the editor's palette, canvas and inspector against a real store with the node types of `registry`
 * (a test's own type, say), and hands the store back. Nothing is fetched (no server here).
 */
export function renderEditor(
  initial: EditorDocument,
  {
    registry = defaultRegistry,
    queryClient = offlineQueryClient(),
  }: { registry?: NodeRegistry; queryClient?: ReturnType<typeof offlineQueryClient> } = {},
): EditorStore {
  let store: EditorStore | undefined;
  render(
    <QueryClientProvider client={queryClient}>
      <NodeRegistryProvider registry={registry}>
        <EditorStoreProvider initial={initial}>
          <StoreProbe
            onStore={(s) => {
              store = s;
            }}
          />
          <ReactFlowProvider>
            <Palette />
            <main className="editor-canvas">
              <Canvas />
            </main>
            <Inspector />
          </ReactFlowProvider>
        </EditorStoreProvider>
      </NodeRegistryProvider>
    </QueryClientProvider>,
  );
  if (!store) throw new Error('store not captured');
  return store;
}
