import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeProcessRuntime, type NodeProcessRuntime } from './node-process.runtime.ts';
import { probeSandbox } from './sandbox.ts';
import { probeHardening, type SandboxHardening } from './sandbox-hardening.ts';
import { seccompArch } from './seccomp.ts';
import { hostLagDuring, runOn, waitUntil } from './test-support.ts';

/**
 * The sandbox's hardening against hostile Python and Bash, which reach the whole syscall interface: the
 * seccomp filter (ptrace, nested namespaces, keyrings, eBPF, perf, mount), the per-sandbox process limit
 * (a fork bomb stays inside its sandbox while other calls run), the file limit, and a root server's
 * sandboxes running as host nobody. (The filter's unit test is seccomp.test.ts; JavaScript: sandbox.test.ts.)
 */
const probe = probeSandbox();
if (!probe.ok) console.warn(`sandbox hardening tests skipped: ${probe.reason}`);
else if (probe.sandbox.degraded) console.warn(`sandbox hardening incomplete here: ${probe.sandbox.degraded}`);
const sandbox = probe.ok ? probe.sandbox : undefined;

let rt: NodeProcessRuntime;
/** A small process limit, so the fork test's bound is far below what it tries. */
let small: NodeProcessRuntime;
beforeAll(() => {
  rt = createNodeProcessRuntime({ warmPoolSize: 0 });
  small = createNodeProcessRuntime({ warmPoolSize: 0, maxProcesses: 64 });
});
afterAll(async () => {
  await Promise.all([rt?.close(), small?.close()]);
});

const py = (code: string, extra = {}, runtime = rt) => runOn(runtime, code, { language: 'python', ...extra });
const sh = (code: string, extra = {}) => runOn(rt, code, { language: 'bash', ...extra });

/** Python calling the kernel directly (ctypes), each attempt's errno name or 'ok'. */
const SYSCALL_ATTEMPTS = `import ctypes, errno, platform
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
NR = {"x86_64": {"keyctl": 250, "bpf": 321, "perf_event_open": 298, "clone3": 435},
      "aarch64": {"keyctl": 219, "bpf": 280, "perf_event_open": 241, "clone3": 435}}[platform.machine()]
def attempt(f, *args):
    ctypes.set_errno(0)
    r = f(*args)
    return errno.errorcode.get(ctypes.get_errno(), "ok") if r == -1 else "ok"
def main(i, c):
    status = open("/proc/self/status").read()
    return {
        "seccomp": [l.split()[1] for l in status.splitlines() if l.startswith("Seccomp:")][0],
        "ptrace_pid1": attempt(libc.ptrace, 16, 1, None, None),
        "ptrace_traceme": attempt(libc.ptrace, 0, 0, None, None),
        "unshare_user": attempt(libc.unshare, 0x10000000),
        "unshare_net": attempt(libc.unshare, 0x40000000),
        "keyctl": attempt(libc.syscall, NR["keyctl"], 0, -3, 0),
        "bpf": attempt(libc.syscall, NR["bpf"], 0, None, 0),
        "perf_event_open": attempt(libc.syscall, NR["perf_event_open"], None, 0, -1, -1, 0),
        "mount": attempt(libc.mount, b"none", b"/tmp", b"tmpfs", 0, None),
        "clone3": attempt(libc.syscall, NR["clone3"], None, 0),
    }`;

describe.skipIf(!seccompArch())('probeHardening', () => {
  it('applies everything with one trial where everything works', () => {
    const trials: SandboxHardening[] = [];
    const hardening = probeHardening((h) => void trials.push(h));
    expect(trials).toHaveLength(1);
    expect(hardening).toMatchObject({ disableUserns: true, seccomp: expect.any(Buffer) });
    expect(hardening.degraded).toBeUndefined();
  });

  it('keeps the pieces that work alone and names the others, with the reason, in degraded', () => {
    const hardening = probeHardening((h) => (h.seccomp ? 'prctl(PR_SET_SECCOMP) reported EINVAL' : undefined));
    expect(hardening).toMatchObject({ seccomp: undefined, disableUserns: true });
    expect(hardening.degraded).toMatch(/seccomp filter does not load \(prctl\(PR_SET_SECCOMP\) reported EINVAL\)/);
  });
});

describe.skipIf(!sandbox?.seccomp)('the seccomp filter, against Python and Bash', () => {
  it('refuses ptrace of pid 1, new namespaces, keyrings, eBPF, perf and mount; clone3 is ENOSYS', async () => {
    const run = await py(SYSCALL_ATTEMPTS);
    expect(run.status, run.error?.message).toBe('succeeded');
    expect(run.output).toEqual({
      seccomp: '2',
      ptrace_pid1: 'EPERM',
      ptrace_traceme: 'EPERM',
      unshare_user: 'EPERM',
      unshare_net: 'EPERM',
      keyctl: 'EPERM',
      bpf: 'EPERM',
      perf_event_open: 'EPERM',
      mount: 'EPERM',
      clone3: 'ENOSYS',
    });
  });

  it('stops the same from Bash tools: unshare -U, strace -p 1; threads and subprocesses still work', async () => {
    const run = await sh(
      'unshare -U true 2>/dev/null && echo "unshare:ok" || echo "unshare:refused"\n' +
        'if command -v strace >/dev/null; then strace -p 1 -e trace=none 2>/dev/null & sleep 1; kill $! 2>/dev/null && echo "strace:attached" || echo "strace:refused"; else echo "strace:refused"; fi\n' +
        "python3 -c \"import threading, subprocess; t = threading.Thread(target=print); t.start(); t.join(); print(subprocess.run(['echo', 'child'], capture_output=True, text=True).stdout.strip())\"",
      { timeoutMs: 15_000 },
    );
    expect(run.status, run.error?.message).toBe('succeeded');
    expect(run.logs.map((l) => l.line).filter((l) => l.includes(':') || l === 'child')).toEqual([
      'unshare:refused',
      'strace:refused',
      'child',
    ]);
  });
});

describe.skipIf(!sandbox)('process and file limits, and the host user', () => {
  it('caps the tasks of one sandbox: forks past maxProcesses fail with EAGAIN', async () => {
    const run = await py(
      'import os, errno\ndef main(i, c):\n    r, w = os.pipe()\n    n = 0\n    for _ in range(400):\n        try:\n            pid = os.fork()\n        except OSError as e:\n            return {"forked": n, "error": errno.errorcode.get(e.errno)}\n        if pid == 0:\n            os.read(r, 1)\n            os._exit(0)\n        n += 1\n    return {"forked": n, "error": None}',
      { timeoutMs: 20_000 },
      small,
    );
    expect(run.status, run.error?.message).toBe('succeeded');
    expect(run.output).toMatchObject({ error: 'EAGAIN' });
    expect((run.output as { forked: number }).forked).toBeLessThan(64);
  });

  it('contains a fork bomb in its own sandbox: other calls run meanwhile, the host stays responsive', {
    timeout: 60_000,
  }, async () => {
    const bomb = sh('bomb() { bomb | bomb & }; bomb; sleep 60', { timeoutMs: 5_000, maxLogBytes: 10_000 });
    const during = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      return sh('echo during');
    })();
    const lag = await hostLagDuring(Promise.all([bomb, during]));
    expect((await bomb).status).toBe('timeout');
    // The limit counts per sandbox: a call started while the bomb holds all its tasks is unaffected.
    expect(await during).toMatchObject({ status: 'succeeded', output: 'during' });
    expect(lag).toBeLessThan(1_000);
    expect((await sh('echo after')).output).toBe('after');
  });

  it('caps open files per process (RLIMIT_NOFILE)', async () => {
    const run = await py(
      'import os, errno\ndef main(i, c):\n    fds = []\n    try:\n        for _ in range(5000):\n            fds.append(os.open("/dev/null", os.O_RDONLY))\n    except OSError as e:\n        return {"opened": len(fds), "error": errno.errorcode.get(e.errno)}\n    return {"opened": len(fds), "error": None}',
    );
    expect(run.status, run.error?.message).toBe('succeeded');
    expect(run.output).toMatchObject({ error: 'EMFILE' });
    expect((run.output as { opened: number }).opened).toBeLessThan(1024);
  });

  it.skipIf(process.getuid?.() !== 0)('runs a root server’s sandboxes as host nobody, not as root underneath', async () => {
    const marker = `switchyard-uid-marker-${Math.floor(Math.random() * 1e9)}`;
    const run = sh(`(exec -a ${marker} sleep 30) & sleep 30`, { timeoutMs: 4_000 });
    const hostUids = () =>
      readdirSync('/proc').flatMap((pid) => {
        try {
          if (!/^\d+$/.test(pid) || !readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith(marker)) return [];
          return [Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1])];
        } catch {
          return [];
        }
      });
    let seen: number[] = [];
    await waitUntil(() => (seen = hostUids()).length > 0, 3_000);
    await run;
    expect(seen).toEqual([65534]);
  });
});
