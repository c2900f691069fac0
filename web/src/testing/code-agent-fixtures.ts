import type { CodeAgent, CodeAgentListItem } from '@switchyard/shared';

const AT = '2024-05-01T10:00:00.000Z';

/** A code agent as the server returns it (version 1, one JS file); override what the test is about. */
export function agentFixture(over: Partial<CodeAgent> = {}): CodeAgent {
  const id = over.id ?? 'ca_1';
  return {
    id,
    slug: 'shout',
    name: 'Shout',
    description: 'Upper-cases text',
    tags: [],
    language: 'javascript',
    runtime: 'auto',
    published: false,
    latestVersion: 1,
    createdAt: AT,
    updatedAt: AT,
    latest: {
      agentId: id,
      version: 1,
      hash: 'a'.repeat(64),
      content: {
        language: 'javascript',
        files: [{ path: 'main.js', content: 'export default function main(inputs) { return inputs; }' }],
        entry: 'main.js',
        runtime: 'auto',
        policy: {},
      },
      changelog: '',
      author: 'anonymous',
      createdAt: AT,
    },
    ...over,
  };
}

/** A row of `GET /api/code-agents`: the agent's summary with its usage (never run unless overridden). */
export function listItemFixture(over: Partial<CodeAgentListItem> = {}): CodeAgentListItem {
  const { latest: _, ...summary } = agentFixture(over);
  return {
    ...summary,
    usage: { calls: 0, failures: 0, failureRate: 0, p50Ms: null, lastUsedAt: null },
    ...over,
  };
}
