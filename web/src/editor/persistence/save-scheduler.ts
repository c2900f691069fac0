/** What the save indicator shows. Replaced (never mutated) on every change, so it can feed `useSyncExternalStore`. */
export interface SaveStatus {
  /** A save request is in flight. */
  saving: boolean;
  /** Why the last save failed; cleared by the next successful save. */
  error: Error | null;
}

export interface SaveScheduler {
  /** The document changed: (re)start the quiet period after which an autosave runs. */
  touch(): void;
  /**
   * Saves now, cancelling a pending autosave. Resolves `true` once the document as it is at this
   * call has been saved (or was already clean), `false` when that save failed. Never rejects.
   */
  flush(): Promise<boolean>;
  status(): SaveStatus;
  subscribe(listener: () => void): () => void;
  /** Stops autosaving (timers and `touch`); a save already running or queued still completes. */
  dispose(): void;
}

export interface SaveSchedulerOptions {
  /** Saves the current document; rejects on failure. Never called while a previous call is pending. */
  save(): Promise<void>;
  /** Whether the document has changes the last save does not include. */
  isDirty(): boolean;
  /** Quiet period in ms: autosave runs once no edit happened for this long. */
  quietMs: number;
}

/**
 * Autosave and explicit saves for one document, one request at a time: a save asked for while
 * another runs is queued (at most one follow-up, which saves whatever is current when it starts).
 */
export function createSaveScheduler({ save, isDirty, quietMs }: SaveSchedulerOptions): SaveScheduler {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<boolean> | null = null;
  let followUp: Promise<boolean> | null = null;
  let disposed = false;
  let status: SaveStatus = { saving: false, error: null };
  const listeners = new Set<() => void>();

  const setStatus = (next: SaveStatus) => {
    status = next;
    for (const listener of listeners) listener();
  };
  const clearTimer = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };

  const runOnce = (): Promise<boolean> => {
    if (!isDirty()) return Promise.resolve(true);
    setStatus({ saving: true, error: status.error });
    running = save().then(
      () => {
        running = null;
        setStatus({ saving: false, error: null });
        return true;
      },
      (cause: unknown) => {
        running = null;
        setStatus({ saving: false, error: cause instanceof Error ? cause : new Error(String(cause)) });
        return false;
      },
    );
    return running;
  };

  const flush = (): Promise<boolean> => {
    clearTimer();
    if (followUp) return followUp;
    if (running) {
      // The running save may have started before the latest edits: save once more after it.
      followUp = running.then(() => {
        followUp = null;
        return runOnce();
      });
      return followUp;
    }
    return runOnce();
  };

  return {
    touch() {
      if (disposed) return;
      clearTimer();
      if (isDirty()) timer = setTimeout(() => void flush(), quietMs);
    },
    flush,
    status: () => status,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      disposed = true;
      clearTimer();
    },
  };
}
