/**
 * TEST DOUBLE: a small local stand-in for E2B, so the e2b runtime can be tested offline with the real,
 * unmodified `e2b` SDK. One HTTP server plays both parts the SDK talks to:
 * - the control plane (REST, `X-API-KEY`): `POST /v2/sandboxes`, `GET /v2/sandboxes` (metadata filter),
 *   `DELETE /sandboxes/{id}`, `POST /sandboxes/{id}/timeout`;
 * - envd, the daemon inside each sandbox (picked by the SDK's `E2b-Sandbox-Id` header, `X-Access-Token`):
 *   `GET /health`, `GET|POST /files`, and Connect-RPC with JSON encoding: `process.Process/Start`
 *   (server-streaming start/data/end events), `process.Process/SendSignal`, `filesystem.Filesystem/ListDir`,
 *   `filesystem.Filesystem/Stat`, `filesystem.Filesystem/Remove`.
 * Point the SDK at it with the connection options `apiUrl` and `sandboxUrl` (both `fake.url`).
 *
 * Commands really run: each fake sandbox is a private temp directory, mounted as `/home/user` (the home and
 * default working directory, as in E2B's base template) inside bubblewrap (../../sandbox.ts): no host files
 * but a read-only /usr and the node install, its own pid namespace, and an empty network namespace unless the
 * sandbox was created with internet access. It is not a VM and not E2B: never use it outside tests/dev.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, realpathSync, rmSync, type Stats } from 'node:fs';
import { lstat, mkdir, readdir, realpath, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { readUntrustedFile, writeUntrustedFile } from '../../safe-file.ts';
import { probeSandbox, sandboxArgs } from '../../sandbox.ts';
import { connectError, decodeEnvelope, empty, encodeEnvelope, entryInfo, json, killTree, readBody } from './fake-http.ts';

/** Home directory of the fake sandboxes' user, where their private directory is mounted. */
export const FAKE_HOME = '/home/user';
const ENVD_VERSION = '0.5.7';
/** Largest file the fake's files API serves, and how long one file operation may take. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;
const FILE_DEADLINE_MS = 5_000;

/** One `process.Process/Start` the fake received (for assertions: what the SDK sent). */
export interface FakeCommand {
  sandboxId: string;
  cmd: string;
  args: string[];
  envs: Record<string, string>;
  cwd?: string;
}

export interface FakeSandbox {
  sandboxId: string;
  templateId: string;
  /** The body of the create request, as the SDK sent it. */
  createBody: Record<string, unknown>;
  metadata: Record<string, string>;
  allowInternet: boolean;
  /** Host directory mounted as /home/user. */
  dir: string;
  startedAt: Date;
  endAt: Date;
  accessToken: string;
  processes: Map<number, ChildProcess>;
  nextPid: number;
  lifetime: NodeJS.Timeout | undefined;
}

export interface FakeE2b {
  /** Base URL for both `apiUrl` and `sandboxUrl`. */
  url: string;
  apiKey: string;
  /** Live sandboxes by id. */
  sandboxes: Map<string, FakeSandbox>;
  /** Every create body, in order. */
  createBodies: Record<string, unknown>[];
  /** Ids of sandboxes killed (by DELETE or by their lifetime ending), in order. */
  killed: string[];
  /** Every command started, in order. */
  commands: FakeCommand[];
  /** Stops the server and kills every sandbox. */
  close(): Promise<void>;
}

export interface FakeE2bOptions {
  apiKey?: string;
  /** Node binary made available inside the sandboxes (on PATH). Default `process.execPath`. */
  nodePath?: string;
}

/** Starts the fake on 127.0.0.1 (random port). Needs bubblewrap that can create namespaces here. */
export async function startFakeE2b(options: FakeE2bOptions = {}): Promise<FakeE2b> {
  const probe = probeSandbox();
  if (!probe.ok) throw new Error(`the fake E2B needs bubblewrap: ${probe.reason}`);
  const bwrap = probe.sandbox.path;
  const nodePath = options.nodePath ?? process.execPath;
  const root = mkdtempSync(path.join(tmpdir(), 'fake-e2b-'));
  const fake: FakeE2b = {
    url: '',
    apiKey: options.apiKey ?? `e2b_fake_${randomBytes(8).toString('hex')}`,
    sandboxes: new Map(),
    createBodies: [],
    killed: [],
    commands: [],
    close: async () => {},
  };

  const killSandbox = (sbx: FakeSandbox): void => {
    clearTimeout(sbx.lifetime);
    for (const child of sbx.processes.values()) killTree(child);
    fake.sandboxes.delete(sbx.sandboxId);
    fake.killed.push(sbx.sandboxId);
    rmSync(sbx.dir, { recursive: true, force: true });
  };
  const setLifetime = (sbx: FakeSandbox, seconds: number): void => {
    clearTimeout(sbx.lifetime);
    sbx.endAt = new Date(Date.now() + seconds * 1000);
    sbx.lifetime = setTimeout(() => killSandbox(sbx), seconds * 1000);
    sbx.lifetime.unref();
  };

  // --- control plane -------------------------------------------------------------------------------------
  const controlPlane = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    if (req.headers['x-api-key'] !== fake.apiKey) return json(res, 401, { code: 401, message: 'Invalid API key' });
    const parts = url.pathname.split('/').filter(Boolean);
    if (req.method === 'POST' && url.pathname === '/v2/sandboxes') {
      const body = JSON.parse((await readBody(req)).toString('utf8') || '{}') as Record<string, unknown>;
      fake.createBodies.push(body);
      const network = body.network as { denyOut?: string[] } | undefined;
      const sbx: FakeSandbox = {
        sandboxId: `fake${randomBytes(6).toString('hex')}`,
        templateId: String(body.templateID ?? 'base'),
        createBody: body,
        metadata: (body.metadata as Record<string, string> | undefined) ?? {},
        allowInternet: body.allow_internet_access !== false && !network?.denyOut?.includes('0.0.0.0/0'),
        dir: mkdtempSync(path.join(root, 'sbx-')),
        startedAt: new Date(),
        endAt: new Date(),
        accessToken: randomBytes(16).toString('hex'),
        processes: new Map(),
        nextPid: 100,
        lifetime: undefined,
      };
      fake.sandboxes.set(sbx.sandboxId, sbx);
      setLifetime(sbx, typeof body.timeout === 'number' ? body.timeout : 300);
      return json(res, 201, {
        sandboxID: sbx.sandboxId,
        templateID: sbx.templateId,
        clientID: 'fake',
        envdVersion: ENVD_VERSION,
        envdAccessToken: sbx.accessToken,
        domain: null,
      });
    }
    if (req.method === 'GET' && url.pathname === '/v2/sandboxes') {
      const wanted = new URLSearchParams(url.searchParams.get('metadata') ?? '');
      const listed = [...fake.sandboxes.values()].filter((s) =>
        [...wanted].every(([k, v]) => s.metadata[decodeURIComponent(k)] === decodeURIComponent(v)),
      );
      return json(
        res,
        200,
        listed.map((s) => ({
          sandboxID: s.sandboxId,
          templateID: s.templateId,
          clientID: 'fake',
          metadata: s.metadata,
          startedAt: s.startedAt.toISOString(),
          endAt: s.endAt.toISOString(),
          state: 'running',
          cpuCount: 1,
          memoryMB: 512,
          diskSizeMB: 1024,
          envdVersion: ENVD_VERSION,
        })),
      );
    }
    if (parts[0] === 'sandboxes' && parts[1]) {
      const sbx = fake.sandboxes.get(parts[1]);
      if (!sbx) return json(res, 404, { code: 404, message: `sandbox ${parts[1]} not found` });
      if (req.method === 'DELETE' && parts.length === 2) {
        killSandbox(sbx);
        return empty(res, 204);
      }
      if (req.method === 'POST' && parts[2] === 'timeout') {
        const body = JSON.parse((await readBody(req)).toString('utf8') || '{}') as { timeout?: number };
        setLifetime(sbx, body.timeout ?? 300);
        return empty(res, 204);
      }
    }
    return json(res, 404, { code: 404, message: `the fake E2B does not implement ${req.method} ${url.pathname}` });
  };

  // --- envd ----------------------------------------------------------------------------------------------
  /** Host path for a path inside the sandbox (absolute under /home/user, or relative to it); no escapes. */
  const hostPath = async (sbx: FakeSandbox, inside: string): Promise<string | undefined> => {
    const rel = inside.startsWith('/') ? path.posix.relative(FAKE_HOME, inside) : inside;
    if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    const resolved = path.resolve(sbx.dir, rel);
    if (resolved !== sbx.dir && !resolved.startsWith(`${sbx.dir}/`)) return undefined;
    // Code in the sandbox may plant symlinks; the fake's own file access must not follow them out.
    const real =
      (await realpath(resolved).catch(() => undefined)) ?? (await realpath(path.dirname(resolved)).catch(() => undefined));
    if (real && real !== sbx.dir && !real.startsWith(`${sbx.dir}/`)) return undefined;
    return resolved;
  };

  const startProcess = async (sbx: FakeSandbox, req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const message = decodeEnvelope(await readBody(req)) as {
      process?: { cmd?: string; args?: string[]; envs?: Record<string, string>; cwd?: string };
    };
    const config = message.process ?? {};
    const command: FakeCommand = {
      sandboxId: sbx.sandboxId,
      cmd: config.cmd ?? '/bin/bash',
      args: config.args ?? [],
      envs: config.envs ?? {},
      ...(config.cwd ? { cwd: config.cwd } : {}),
    };
    fake.commands.push(command);
    const cwd = config.cwd ?? FAKE_HOME;
    if (!(await hostPath(sbx, cwd))) return connectError(res, 'invalid_argument', `cwd ${cwd} is outside ${FAKE_HOME}`);
    const base = sandboxArgs({
      nodePath,
      readOnlyFiles: [],
      workDir: sbx.dir,
      hostWorkDirAt: FAKE_HOME,
      env: {},
      network: sbx.allowInternet,
    });
    // The sandbox's directory is the home; its own --chdir is replaced by the command's cwd below.
    const chdir = base.indexOf('--chdir');
    if (chdir !== -1) base.splice(chdir, 2);
    const env: Record<string, string> = {
      PATH: `${path.dirname(realpathSync(nodePath))}:/usr/local/bin:/usr/bin:/bin`,
      HOME: FAKE_HOME,
      USER: 'user',
      E2B_SANDBOX: 'true',
      E2B_SANDBOX_ID: sbx.sandboxId,
      ...((sbx.createBody.envVars as Record<string, string> | undefined) ?? {}),
      ...command.envs,
    };
    const args = [...base, '--chdir', cwd];
    for (const [key, value] of Object.entries(env)) args.push('--setenv', key, value);
    args.push('--', command.cmd, ...command.args);
    const child = spawn(bwrap, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: {} });
    const pid = sbx.nextPid++;
    sbx.processes.set(pid, child);

    res.writeHead(200, { 'content-type': 'application/connect+json' });
    const send = (event: unknown): void => {
      if (!res.writableEnded) res.write(encodeEnvelope(0, { event }));
    };
    send({ start: { pid } });
    child.stdout?.on('data', (chunk: Buffer) => send({ data: { stdout: chunk.toString('base64') } }));
    child.stderr?.on('data', (chunk: Buffer) => send({ data: { stderr: chunk.toString('base64') } }));
    child.on('error', (err) => {
      sbx.processes.delete(pid);
      send({ end: { exitCode: -1, exited: false, status: 'error', error: err.message } });
      if (!res.writableEnded) res.end(encodeEnvelope(2, {}));
    });
    child.on('close', (code, signal) => {
      sbx.processes.delete(pid);
      const end =
        code !== null
          ? { exitCode: code, exited: true, status: `exit status ${code}` }
          : {
              exitCode: -1,
              exited: false,
              status: `signal: ${signal}`,
              error: `signal: ${signal === 'SIGKILL' ? 'killed' : signal}`,
            };
      send({ end });
      if (!res.writableEnded) res.end(encodeEnvelope(2, {}));
    });
  };

  const unary = async (sbx: FakeSandbox, method: string, body: Record<string, unknown>, res: ServerResponse): Promise<void> => {
    if (method === 'process.Process/SendSignal') {
      const pid = Number((body.process as { pid?: number } | undefined)?.pid);
      const child = sbx.processes.get(pid);
      if (!child) return connectError(res, 'not_found', `process with pid ${pid} not found`);
      if (body.signal === 'SIGNAL_SIGKILL' || body.signal === 9) killTree(child);
      else child.kill('SIGTERM');
      return json(res, 200, {});
    }
    const target = await hostPath(sbx, String(body.path ?? ''));
    if (!target) return connectError(res, 'permission_denied', `path ${String(body.path)} is outside ${FAKE_HOME}`);
    const inside = insidePath(sbx, target);
    if (method === 'filesystem.Filesystem/Stat') {
      const info = await lstatOrUndefined(target);
      if (!info) return connectError(res, 'not_found', `path ${inside} does not exist`);
      return json(res, 200, { entry: entryInfo(path.basename(inside), inside, info) });
    }
    if (method === 'filesystem.Filesystem/ListDir') {
      const names = await readdir(target).catch(() => undefined);
      if (!names) return connectError(res, 'not_found', `directory ${inside} does not exist`);
      const entries = [];
      for (const name of names) {
        const info = await lstatOrUndefined(path.join(target, name));
        if (info) entries.push(entryInfo(name, path.posix.join(inside, name), info));
      }
      return json(res, 200, { entries });
    }
    if (method === 'filesystem.Filesystem/Remove') {
      await rm(target, { recursive: true, force: true });
      return json(res, 200, {});
    }
    return connectError(res, 'unimplemented', `the fake envd does not implement ${method}`);
  };

  const files = async (sbx: FakeSandbox, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    if (req.method === 'GET') {
      const target = await hostPath(sbx, url.searchParams.get('path') ?? '');
      // Code in the sandbox may have planted a link, FIFO or device there: never followed, never blocks.
      const read = target
        ? await readUntrustedFile(target, { maxBytes: MAX_FILE_BYTES, deadlineMs: FILE_DEADLINE_MS })
        : undefined;
      if (!read?.ok) return json(res, 404, { code: 404, message: 'file not found' });
      const data = read.value;
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': data.length });
      return void res.end(data);
    }
    // POST: multipart (field `file`, filename = path) or a raw body for `?path=`.
    const type = req.headers['content-type'] ?? '';
    const uploads: { inside: string; data: Buffer }[] = [];
    if (type.startsWith('multipart/form-data')) {
      const form = await new Request(url, {
        method: 'POST',
        headers: { 'content-type': type },
        body: Readable.toWeb(req) as ReadableStream,
        duplex: 'half',
      } as RequestInit).formData();
      for (const entry of form.getAll('file')) {
        if (typeof entry === 'string') continue;
        uploads.push({ inside: url.searchParams.get('path') ?? entry.name, data: Buffer.from(await entry.arrayBuffer()) });
      }
    } else {
      uploads.push({ inside: url.searchParams.get('path') ?? '', data: await readBody(req) });
    }
    const written = [];
    for (const upload of uploads) {
      const resolved = await hostPath(sbx, path.posix.dirname(upload.inside));
      if (!resolved) return json(res, 403, { code: 403, message: `path ${upload.inside} is outside ${FAKE_HOME}` });
      await mkdir(resolved, { recursive: true });
      const target = await hostPath(sbx, upload.inside);
      // Never through a link, into a FIFO or device a command planted there.
      const wrote = target ? await writeUntrustedFile(target, upload.data, { deadlineMs: FILE_DEADLINE_MS }) : undefined;
      if (!target || !wrote?.ok) return json(res, 403, { code: 403, message: `cannot write ${upload.inside}` });
      written.push({ name: path.basename(target), type: 'file', path: insidePath(sbx, target) });
    }
    return json(res, 200, written);
  };

  const envd = async (sandboxId: string, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const sbx = fake.sandboxes.get(sandboxId);
    // E2B's edge answers 502 for a sandbox that is gone; the SDK maps that to "sandbox not found/timeout".
    if (!sbx) return json(res, 502, { code: 502, message: `sandbox ${sandboxId} is not running` });
    if (req.headers['x-access-token'] !== sbx.accessToken) return json(res, 401, { code: 401, message: 'bad access token' });
    if (url.pathname === '/health') return empty(res, 204);
    if (url.pathname === '/files') return files(sbx, req, res, url);
    const method = url.pathname.slice(1);
    if (method === 'process.Process/Start') return startProcess(sbx, req, res);
    return unary(sbx, method, JSON.parse((await readBody(req)).toString('utf8') || '{}') as Record<string, unknown>, res);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const sandboxId = req.headers['e2b-sandbox-id'];
    const handled = typeof sandboxId === 'string' ? envd(sandboxId, req, res, url) : controlPlane(req, res, url);
    handled.catch((err: unknown) => {
      if (!res.headersSent) json(res, 500, { code: 500, message: err instanceof Error ? err.message : String(err) });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = async () => {
    for (const sbx of [...fake.sandboxes.values()]) killSandbox(sbx);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(root, { recursive: true, force: true });
  };
  return fake;
}

function insidePath(sbx: FakeSandbox, host: string): string {
  return path.posix.join(FAKE_HOME, path.relative(sbx.dir, host));
}

async function lstatOrUndefined(target: string): Promise<Stats | undefined> {
  return lstat(target).catch(() => undefined);
}
