import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/switchyard.mjs', import.meta.url));
const EXAMPLE = fileURLToPath(new URL('../../examples/hello.workflow.json', import.meta.url));

function cli(...args: string[]) {
  const res = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, NO_COLOR: '1' },
    timeout: 60_000,
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

describe('switchyard CLI', () => {
  it('runs a workflow file and prints node results, logs and the output', () => {
    const res = cli('run', EXAMPLE, '--input', '{"name":"Ada"}');
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('greet │ greeting Ada');
    expect(res.stdout).toContain('greet │ this line goes to stderr');
    expect(res.stdout).toMatch(/✓ greet \d+ ms/);
    expect(res.stdout).toContain('run succeeded');
    expect(res.stdout.trim().endsWith('"Hello, Ada!"')).toBe(true);
  });

  it('prints the run as JSON with --json', () => {
    const res = cli('run', EXAMPLE, '--input', '{"name":"Grace"}', '--json');
    const run = JSON.parse(res.stdout);
    expect(run).toMatchObject({ status: 'succeeded', output: 'Hello, Grace!', input: { name: 'Grace' } });
    expect(run.nodes.map((n: { nodeId: string }) => n.nodeId)).toEqual(['trigger', 'greet', 'output']);
  });

  it('refuses an invalid workflow with the compiler errors and exit code 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-cli-'));
    const file = join(dir, 'broken.json');
    writeFileSync(
      file,
      JSON.stringify({
        nodes: [
          { id: 't', type: 'trigger', position: { x: 0, y: 0 } },
          { id: 'merge', type: 'code', position: { x: 0, y: 0 }, config: { inputs: ['items'] } },
        ],
        edges: [],
      }),
    );
    for (const command of ['validate', 'run']) {
      const res = cli(command, file);
      expect(res.code).toBe(1);
      expect(res.stderr).toContain('required_input_unconnected');
      expect(res.stderr).toContain('node "merge": input port `items` is not connected');
    }
  });

  it('explains bad --input', () => {
    const res = cli('run', EXAMPLE, '--input', '{nope');
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('--input is not valid JSON');
  });
});
