import { describe, expect, it } from 'vitest';
import { agentFixture } from '../../../testing/code-agent-fixtures.ts';
import { agentContentFromNode, backToInline, parseCodeConfig } from './agent-from-node.ts';

describe('agent content from a code node', () => {
  it('fills defaults, names the entry file for the language and caps the timeout at what a version may pin', () => {
    const config = parseCodeConfig({ code: 'def main(inputs, ctx):\n    return 1', language: 'python', timeoutMs: 3_600_000 });
    if (!config) throw new Error('config expected to parse');
    const content = agentContentFromNode(config);
    expect(content).toMatchObject({ language: 'python', entry: 'main.py', runtime: 'auto', policy: { timeoutMs: 300_000 } });
    expect(content.files).toEqual([{ path: 'main.py', content: config.code }]);
    expect(content).not.toHaveProperty('inputSchema');
  });

  it('refuses a config that does not parse', () => {
    expect(parseCodeConfig({ language: 'cobol' })).toBeNull();
  });
});

describe('back to inline code', () => {
  it("brings a one-file version's code, language and schemas back; a multi-file one leaves the node's own code", () => {
    const one = agentFixture().latest;
    expect(backToInline(one)).toMatchObject({ agent: undefined, code: one.content.files[0]?.content, language: 'javascript' });
    const two = { ...one, content: { ...one.content, files: [...one.content.files, { path: 'util.js', content: '' }] } };
    expect(backToInline(two)).toEqual({ agent: undefined });
    expect(backToInline(undefined)).toEqual({ agent: undefined });
  });
});
