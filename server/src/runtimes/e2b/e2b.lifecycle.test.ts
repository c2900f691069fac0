import { randomBytes } from 'node:crypto';
import { Sandbox } from 'e2b';
import { describe, expect, it } from 'vitest';
import { waitUntil } from '../test-support.ts';
import { lines, runMeta, useFakeE2b } from './e2b-test-kit.ts';

// Sandbox lifetimes against the fake E2B (see e2b-test-kit.ts): one per run, reuse, idle and close, orphan sweeps.

const e2b = useFakeE2b();
const { connect, run, sh } = e2b;

describe('e2b runtime: sandbox lifecycle', () => {
  it('reuses one sandbox across the calls of a run, and not across runs or network policies', async () => {
    const a = `run-${randomBytes(4).toString('hex')}`;
    const b = `run-${randomBytes(4).toString('hex')}`;
    const created = e2b.fake.createBodies.length;
    const first = await sh('echo from-first > "$HOME/mark"; echo "$E2B_SANDBOX_ID"', runMeta(a));
    const second = await sh('cat "$HOME/mark"; echo "$E2B_SANDBOX_ID"', runMeta(a));
    expect(first).toMatchObject({ status: 'succeeded', cold: true, reused: false });
    expect(second).toMatchObject({ status: 'succeeded', cold: false, reused: true, output: first.output });
    expect(lines(second)).toContain('from-first');
    const other = await sh('cat "$HOME/mark" 2>/dev/null || echo none', runMeta(b));
    expect(other).toMatchObject({ output: 'none', cold: true });
    const withNet = await sh('echo "$E2B_SANDBOX_ID"', { ...runMeta(a), network: 'on' });
    expect(withNet.cold).toBe(true);
    expect(withNet.output).not.toBe(first.output);
    expect(e2b.fake.createBodies.length - created).toBe(3);
    const sandboxA = String(first.output);
    expect(e2b.fake.createBodies.at(created)).toMatchObject({ metadata: { runId: a } });

    await e2b.runtime.release(a);
    expect(e2b.fake.killed).toContain(sandboxA);
    expect(e2b.fake.killed).toContain(String(withNet.output));
    expect(e2b.runtime.sandboxCount()).toBe(1);
    await e2b.runtime.release(b);
    expect(e2b.runtime.sandboxCount()).toBe(0);
  });

  it('creates one sandbox for parallel calls of a run and extends its E2B lifetime when a call needs it', async () => {
    const rt = connect({ sandboxLifetimeMs: 5000 });
    const created = e2b.fake.createBodies.length;
    const code = 'export default async function main() { return process.env.E2B_SANDBOX_ID }';
    const [a, b] = await Promise.all([
      run(code, runMeta('parallel'), undefined, rt),
      run(code, runMeta('parallel'), undefined, rt),
    ]);
    expect(a.output).toBe(b.output);
    expect(e2b.fake.createBodies.length - created).toBe(1);
    expect(e2b.fake.createBodies.at(-1)).toMatchObject({ timeout: 5 });
    await run(code, { ...runMeta('parallel'), timeoutMs: 20_000 }, undefined, rt);
    const endAt = e2b.fake.sandboxes.get(String(a.output))?.endAt.getTime() ?? 0;
    expect(endAt - Date.now()).toBeGreaterThan(60_000);
    await rt.release('parallel');
    expect(e2b.fake.sandboxes.has(String(a.output))).toBe(false);
  });

  it('kills the sandbox of an ad-hoc call right after it, whatever the outcome', async () => {
    const ok = await sh('echo "$E2B_SANDBOX_ID"');
    const bad = await sh('echo "$E2B_SANDBOX_ID"; exit 1');
    expect(ok.cold).toBe(true);
    expect(e2b.fake.killed).toContain(String(ok.output));
    expect(bad.status).toBe('failed');
    expect(e2b.fake.killed).toContain(lines(bad)[0]);
    expect(e2b.runtime.sandboxCount()).toBe(0);
  });

  it('kills a run sandbox after the idle timeout', async () => {
    const rt = connect({ idleTimeoutMs: 200 });
    const r = await run(
      'export default async function main() { return process.env.E2B_SANDBOX_ID }',
      runMeta('idle-run'),
      undefined,
      rt,
    );
    expect(r.status).toBe('succeeded');
    expect(e2b.fake.sandboxes.has(String(r.output))).toBe(true);
    expect(await waitUntil(() => !e2b.fake.sandboxes.has(String(r.output)), 5000)).toBe(true);
    expect(rt.sandboxCount()).toBe(0);
  });

  it('kills every sandbox on close() and refuses calls afterwards', async () => {
    const rt = connect();
    const ids = [];
    for (const runId of ['close-1', 'close-2']) {
      ids.push(
        String(
          (await run('export default async function main() { return process.env.E2B_SANDBOX_ID }', runMeta(runId), undefined, rt))
            .output,
        ),
      );
    }
    expect(ids.every((id) => e2b.fake.sandboxes.has(id))).toBe(true);
    expect(rt.sandboxCount()).toBe(2);
    await rt.close();
    expect(ids.some((id) => e2b.fake.sandboxes.has(id))).toBe(false);
    expect(rt.sandboxCount()).toBe(0);
    const after = await run('export default async function main() { return 1 }', {}, undefined, rt);
    expect(after).toMatchObject({ status: 'unavailable', error: { code: 'runtime_unavailable' } });
  });

  it('sweeps orphans a previous process with the same instance tag left, and only those', async () => {
    const tag = `sweep-${randomBytes(4).toString('hex')}`;
    const conn = { apiKey: e2b.fake.apiKey, apiUrl: e2b.fake.url, sandboxUrl: e2b.fake.url, debug: false };
    const orphan = await Sandbox.create({ ...conn, metadata: { switchyard: tag, owner: 'crashed-process' } });
    const foreign = await Sandbox.create({ ...conn, metadata: { switchyard: 'someone-else' } });
    const rt = connect({ instanceTag: tag });
    expect(await rt.initialSweep).toBe(1);
    expect(e2b.fake.sandboxes.has(orphan.sandboxId)).toBe(false);
    expect(e2b.fake.sandboxes.has(foreign.sandboxId)).toBe(true);
    await foreign.kill();
  });
});
