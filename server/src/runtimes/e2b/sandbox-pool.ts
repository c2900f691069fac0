import { randomBytes } from 'node:crypto';
import { type ConnectionOpts, Sandbox } from 'e2b';

/** How the pool reaches E2B and what it creates. */
export interface SandboxPoolOptions {
  connection: ConnectionOpts;
  template: string | undefined;
  /** Metadata value `switchyard` of every sandbox this server creates; the orphan sweep looks for it. */
  instanceTag: string;
  /** A sandbox of a run unused this long is killed, in ms. */
  idleTimeoutMs: number;
  /** E2B's own lifetime for a sandbox (killed by E2B when it passes, even if we are gone), extended on use. */
  lifetimeMs: number;
}

/** One sandbox (being created, or ready) and who uses it. */
export interface SandboxLease {
  /** Resolves to the sandbox, or rejects when it could not be created. */
  ready: Promise<Sandbox>;
  /** True for the call that asked E2B for the sandbox. */
  created: boolean;
  /** Calls the sandbox served before this one. */
  previousCalls: number;
  /** Calls without a run get a sandbox of their own, killed when they end. */
  adhoc: boolean;
}

interface Entry {
  key: string | undefined;
  runId: string | undefined;
  ready: Promise<Sandbox>;
  /** Set once created. */
  sandbox: Sandbox | undefined;
  active: number;
  calls: number;
  /** No new calls: killed once the calls on it have ended. */
  retired: boolean;
  idleTimer: NodeJS.Timeout | undefined;
  /** Epoch ms when E2B will kill it unless extended. */
  expiresAt: number;
}

/**
 * The sandboxes of one runtime: one per run, network policy and reuse key (a run's code nodes with the same
 * code origin and resolved env share it, one after another or in parallel; other secrets or another code agent
 * get their own, so nothing one leaves running meets the other's environment), one per ad-hoc call. A sandbox is killed on
 * `release(runId)`, after `idleTimeoutMs` without calls, when a call had to be killed (timeout, cancel: what it
 * left running must not meet later calls), and on `close()`. Every sandbox carries the metadata
 * `{ switchyard: instanceTag, owner }`, so `sweepOrphans` can find and kill those a previous process left behind.
 */
export class SandboxPool {
  /** Identifies this process's sandboxes among those with the same instance tag. */
  readonly owner = randomBytes(8).toString('hex');
  private readonly byKey = new Map<string, Entry>();
  private readonly leases = new Map<SandboxLease, Entry>();
  private readonly all = new Set<Entry>();
  private closed = false;

  constructor(private readonly options: SandboxPoolOptions) {}

  /** A sandbox for a call of `runId` (or an ad-hoc call) with the given network policy and reuse key (see `ExecuteRequest.reuseKey`). */
  acquire(runId: string | undefined, network: boolean, timeoutMs: number, reuseKey = ''): SandboxLease {
    if (this.closed) throw new Error('the e2b runtime is closed');
    const key = runId === undefined ? undefined : `${runId}\u0000${network ? 'net' : 'nonet'}\u0000${reuseKey}`;
    const existing = key === undefined ? undefined : this.byKey.get(key);
    if (existing && !existing.retired) {
      clearTimeout(existing.idleTimer);
      existing.idleTimer = undefined;
      existing.active += 1;
      const previousCalls = existing.calls++;
      this.extend(existing, timeoutMs);
      return this.lease(existing, { ready: existing.ready, created: false, previousCalls, adhoc: false });
    }
    const entry: Entry = {
      key,
      runId,
      ready: this.create(runId, network),
      sandbox: undefined,
      active: 1,
      calls: 1,
      retired: false,
      idleTimer: undefined,
      expiresAt: Date.now() + this.options.lifetimeMs,
    };
    // A failed creation is not cached: the next call tries again.
    entry.ready.then(
      (sandbox) => {
        entry.sandbox = sandbox;
      },
      () => this.forget(entry),
    );
    this.all.add(entry);
    if (key !== undefined) this.byKey.set(key, entry);
    return this.lease(entry, { ready: entry.ready, created: true, previousCalls: 0, adhoc: key === undefined });
  }

  /**
   * The call holding `lease` ended. `dirty`: it was killed or broke mid-way, so the sandbox may still run
   * its leftovers and is retired. Resolves once a sandbox that is no longer needed (ad-hoc, retired) is killed.
   */
  async done(lease: SandboxLease, dirty: boolean): Promise<void> {
    const entry = this.leases.get(lease);
    if (!entry) return;
    this.leases.delete(lease);
    entry.active -= 1;
    if (dirty || entry.key === undefined) this.retire(entry);
    else if (entry.active === 0 && !entry.retired) {
      entry.idleTimer = setTimeout(() => this.destroy(entry), this.options.idleTimeoutMs);
      entry.idleTimer.unref();
    }
    if (entry.retired && entry.active === 0) {
      // A sandbox still being created (the call was cancelled meanwhile) is killed once it exists, unawaited.
      if (entry.sandbox) await this.destroy(entry);
      else void this.destroy(entry);
    }
  }

  /** Kills the sandboxes of `runId` (both network policies), even if calls still run on them. */
  async release(runId: string): Promise<void> {
    await Promise.all([...this.all].filter((e) => e.runId === runId).map((e) => this.destroy(e)));
  }

  /** Kills every sandbox and refuses new calls. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.all].map((e) => this.destroy(e)));
  }

  /** Number of sandboxes alive or being created (for tests and health). */
  get size(): number {
    return this.all.size;
  }

  /** Kills sandboxes tagged with this instance tag that another (earlier) process created; how many. */
  async sweepOrphans(): Promise<number> {
    const paginator = Sandbox.list({ ...this.options.connection, query: { metadata: { switchyard: this.options.instanceTag } } });
    const orphans: string[] = [];
    while (paginator.hasNext) {
      for (const info of await paginator.nextItems()) {
        if (info.metadata.owner !== this.owner) orphans.push(info.sandboxId);
      }
    }
    const killed = await Promise.all(orphans.map((id) => Sandbox.kill(id, this.options.connection).catch(() => false)));
    return killed.filter(Boolean).length;
  }

  private lease(entry: Entry, lease: SandboxLease): SandboxLease {
    this.leases.set(lease, entry);
    return lease;
  }

  private create(runId: string | undefined, network: boolean): Promise<Sandbox> {
    return Sandbox.create({
      ...this.options.connection,
      ...(this.options.template ? { template: this.options.template } : {}),
      timeoutMs: this.options.lifetimeMs,
      metadata: { switchyard: this.options.instanceTag, owner: this.owner, ...(runId !== undefined ? { runId } : {}) },
      allowInternetAccess: network,
    });
  }

  /** Pushes E2B's lifetime of a reused sandbox out when the coming call could outlive it. */
  private extend(entry: Entry, timeoutMs: number): void {
    if (entry.expiresAt - Date.now() > timeoutMs + 60_000) return;
    entry.expiresAt = Date.now() + Math.max(this.options.lifetimeMs, timeoutMs + 60_000);
    const lifetime = entry.expiresAt - Date.now();
    entry.ready = entry.ready.then(async (sandbox) => {
      await sandbox.setTimeout(lifetime).catch(() => {});
      return sandbox;
    });
  }

  private retire(entry: Entry): void {
    entry.retired = true;
    if (entry.key !== undefined && this.byKey.get(entry.key) === entry) this.byKey.delete(entry.key);
  }

  private forget(entry: Entry): void {
    this.retire(entry);
    clearTimeout(entry.idleTimer);
    this.all.delete(entry);
  }

  private async destroy(entry: Entry): Promise<void> {
    if (!this.all.has(entry)) return;
    this.forget(entry);
    const sandbox = await entry.ready.catch(() => undefined);
    await sandbox?.kill().catch(() => {});
  }
}
