import type { CodeAgentVersion } from '@switchyard/shared';
import { createContext, type ReactNode, useContext, useState } from 'react';
import { useStore } from 'zustand';
import { createStudioStore, type StudioState, type StudioStore } from './studio-store.ts';

const StudioStoreContext = createContext<StudioStore | null>(null);

/** One draft store per open agent; remount (change `key`) to edit another agent. */
export function StudioStoreProvider({ version, children }: { version: CodeAgentVersion; children: ReactNode }) {
  const [store] = useState(() => createStudioStore(version));
  return <StudioStoreContext.Provider value={store}>{children}</StudioStoreContext.Provider>;
}

/** The store itself, for actions and one-off reads. */
export function useStudioApi(): StudioStore {
  const store = useContext(StudioStoreContext);
  if (!store) throw new Error('useStudio must be used inside <StudioStoreProvider>');
  return store;
}

/** One narrow slice of the Studio state; re-renders only when it changes. */
export function useStudio<T>(selector: (state: StudioState) => T): T {
  return useStore(useStudioApi(), selector);
}
