/**
 * Failed sign-ins per account and per address in a sliding window. Over either limit, sign-in is refused
 * (429, Retry-After) without checking the password, so guessing costs the attacker time, not us CPU.
 * In memory: one server process answers sign-ins (the worker never does).
 */
export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly limits: { perAccount: number; perAddress: number; windowMs: number }) {}

  /** Seconds until another attempt is allowed for this account and address; 0 when allowed now. */
  retryAfter(email: string, ip: string | null): number {
    const now = Date.now();
    const wait = (key: string, max: number) => {
      const list = this.recent(key, now);
      return list.length >= max ? Math.ceil(((list[list.length - max] as number) + this.limits.windowMs - now) / 1000) : 0;
    };
    return Math.max(wait(`a:${email}`, this.limits.perAccount), wait(`i:${ip ?? 'unknown'}`, this.limits.perAddress));
  }

  fail(email: string, ip: string | null) {
    const now = Date.now();
    for (const key of [`a:${email}`, `i:${ip ?? 'unknown'}`]) this.failures.set(key, [...this.recent(key, now), now]);
    if (this.failures.size > 50_000) this.sweep(now);
  }

  /** A successful sign-in clears the account's failures (not the address's). */
  succeed(email: string) {
    this.failures.delete(`a:${email}`);
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => t > now - this.limits.windowMs);
  }

  private sweep(now: number) {
    for (const key of this.failures.keys()) if (this.recent(key, now).length === 0) this.failures.delete(key);
  }
}
