import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { Inspector } from '../editor/inspector/Inspector.tsx';
import { EditorStoreProvider, useEditorApi } from '../editor/store/EditorStoreProvider.tsx';
import type { EditorDocument, EditorStore } from '../editor/store/editor-store.ts';

/** Server state for the inspector: nothing is fetched (no server here); tests seed what they need. */
export function offlineQueryClient() {
  return new QueryClient({ defaultOptions: { queries: { retry: false, queryFn: () => new Promise(() => {}) } } });
}

/** Hands the provider's store to the test. */
function StoreProbe({ onStore }: { onStore(store: EditorStore): void }) {
  onStore(useEditorApi());
  return null;
}

/** Renders the inspector against a real store and hands the store back (no mocks). */
export function renderInspector(initial: EditorDocument, queryClient = offlineQueryClient()): EditorStore {
  let store: EditorStore | undefined;
  render(
    <QueryClientProvider client={queryClient}>
      <EditorStoreProvider initial={initial}>
        <StoreProbe
          onStore={(s) => {
            store = s;
          }}
        />
        <Inspector />
      </EditorStoreProvider>
    </QueryClientProvider>,
  );
  if (!store) throw new Error('store not captured');
  return store;
}

/** A node's config as the store holds it now. */
export const configOf = (store: EditorStore, id: string) => store.getState().nodes.find((n) => n.id === id)?.data.config;
