import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import type { ExecuteRequest, LogLine } from '../runtime.ts';
import { type Run, runOn } from '../test-support.ts';
import { createE2bRuntime, type E2bRuntime, type E2bRuntimeOptions } from './e2b.runtime.ts';
import { type FakeE2b, startFakeE2b } from './fake/fake-e2b.ts';

/**
 * The real `e2b` SDK against a local fake of E2B's control plane and envd (./fake), for a test file: commands really
 * run, in bubblewrap, so the tests cover the runtime end to end. Registers the fake's start and stop with the file's
 * beforeAll/afterAll; `runtime` is a connected runtime, `connect` makes more (closed after the file).
 */
export function useFakeE2b() {
  let fake: FakeE2b | undefined;
  let runtime: E2bRuntime | undefined;
  const opened: E2bRuntime[] = [];
  const started = () => {
    if (!fake) throw new Error('the fake E2B starts in beforeAll');
    return fake;
  };
  const connect = (overrides: E2bRuntimeOptions = {}): E2bRuntime => {
    const f = started();
    const rt = createE2bRuntime({
      apiKey: f.apiKey,
      apiUrl: f.url,
      sandboxUrl: f.url,
      instanceTag: `test-${randomBytes(4).toString('hex')}`,
      ...overrides,
    });
    opened.push(rt);
    return rt;
  };
  beforeAll(async () => {
    fake = await startFakeE2b();
    runtime = connect();
    await runtime.initialSweep;
  });
  afterAll(async () => {
    await Promise.all(opened.map((rt) => rt.close()));
    await fake?.close();
  });
  const kit = {
    get fake(): FakeE2b {
      return started();
    },
    get runtime(): E2bRuntime {
      if (!runtime) throw new Error('the runtime connects in beforeAll');
      return runtime;
    },
    connect,
    run: (code: string, overrides: Partial<ExecuteRequest> = {}, signal?: AbortSignal, rt?: E2bRuntime): Promise<Run> =>
      runOn(rt ?? kit.runtime, code, overrides, signal),
    py: (code: string, overrides: Partial<ExecuteRequest> = {}) => kit.run(code, { language: 'python', ...overrides }),
    sh: (code: string, overrides: Partial<ExecuteRequest> = {}) => kit.run(code, { language: 'bash', ...overrides }),
  };
  return kit;
}

/** The log lines of a call, of one stream or both. */
export const lines = (r: Run, stream?: LogLine['stream']) =>
  r.logs.filter((l) => !stream || l.stream === stream).map((l) => l.line);

/** Call options that make the call part of run `runId` (its sandbox is kept for the run's other calls). */
export const runMeta = (runId: string) => ({ meta: { source: 'run' as const, runId } });
