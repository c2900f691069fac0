import type { Actor } from '../workspace/scope.ts';
import { type Redactor, redactor } from './redactor.ts';
import type { SecretStore } from './secret-store.ts';

/** Where a run's secrets come from: its workspace, on behalf of whoever started it. */
export interface RunSecretSource {
  store: SecretStore;
  workspaceId: string;
  runId: string;
  /** The run's starter, as its `secret.use` audit rows name it. */
  actor: Actor;
}

/** The actor of a run's own actions (its secret uses): its starter, labelled with the run. */
export function runActor(run: { id: string; startedBy: string | null; startedByToken: string | null }): Actor {
  return { userId: run.startedBy, tokenId: run.startedByToken, label: `run ${run.id}`, ip: null };
}

/** A growing set of secret values and one redactor for all of them. */
export class SecretSet {
  private readonly values = new Set<string>();
  private current: Redactor = redactor([]);

  /** Adds values (a node's resolved secrets); the redactor is rebuilt only when the set grows. */
  add(values: Iterable<string>): void {
    const before = this.values.size;
    for (const v of values) this.values.add(v);
    if (this.values.size !== before) this.current = redactor(this.values);
  }

  /** The redactor for every secret added so far (read it at the moment of use: the set grows while nodes run). */
  get redact(): Redactor {
    return this.current;
  }
}

/**
 * Every secret value resolved so far in one run, held in memory by the worker executing it, and a redactor
 * for all of them: each node's output, error and logs are redacted with the whole set, not only its own
 * secrets, so a value that reached another node (a shared sandbox, a file, an upstream output) is still hidden.
 * Values are revealed in the run's workspace only, and each name is audited (`secret.use`) once per run.
 */
export class RunSecrets extends SecretSet {
  /** Names whose use is recorded (or being recorded) for this run. */
  private readonly recorded = new Set<string>();

  constructor(private readonly source: RunSecretSource) {
    super();
  }

  /**
   * The values of `names` (throws `SecretsMissingError` like the store), added to the run's set. Names not used
   * by this run before get their `secret.use` row, written before any value is handed out.
   */
  async reveal(names: readonly string[]): Promise<Map<string, string>> {
    const fresh = [...new Set(names)].filter((n) => !this.recorded.has(n));
    // Claimed before the write, so nodes revealing the same name at once record it once.
    for (const n of fresh) this.recorded.add(n);
    const { store, workspaceId, runId, actor } = this.source;
    try {
      const values = await store.reveal(workspaceId, names, { actor, details: { runId }, record: fresh });
      this.add(values.values());
      return values;
    } catch (err) {
      for (const n of fresh) this.recorded.delete(n);
      throw err;
    }
  }

  /**
   * Values a run used before it was handed over to this worker (see primeResumedSecrets): added to the set
   * without new audit rows (their use was recorded when they were first revealed), and counted as recorded.
   */
  async recall(names: readonly string[]): Promise<void> {
    const values = await this.source.store.reveal(this.source.workspaceId, names);
    for (const n of names) this.recorded.add(n);
    this.add(values.values());
  }
}
