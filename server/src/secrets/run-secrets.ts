import { type Redactor, redactor } from './redactor.ts';

/**
 * Every secret value resolved so far in one run, held in memory by the worker executing it, and a redactor
 * for all of them: each node's output, error and logs are redacted with the whole set, not only its own
 * secrets, so a value that reached another node (a shared sandbox, a file, an upstream output) is still hidden.
 */
export class RunSecrets {
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
