import { loadSwitchyardTools } from '@switchyard/tools';

/**
 * An outside LangChain app using Switchyard's published code agents as tools.
 * `SWITCHYARD_TOKEN=sy_… pnpm start [tool-name] [json-args]` against a server at SWITCHYARD_URL (default
 * http://localhost:3000). The token is an API token (Settings → API tokens, access "API"); calling tools needs
 * the runner role or above.
 */
const token = process.env.SWITCHYARD_TOKEN;
if (!token) {
  console.error('Set SWITCHYARD_TOKEN to an API token (Settings → API tokens → New token).');
  process.exit(1);
}
const tools = await loadSwitchyardTools({
  baseUrl: process.env.SWITCHYARD_URL ?? 'http://localhost:3000',
  token,
  // Pin versions for reproducible agents: agents: ['slugify', { agent: 'csv-to-json', version: 3 }],
});
for (const tool of tools) console.log(`${tool.name} (v${tool.metadata?.version}): ${tool.description}`);

// These are ordinary StructuredTools: give them to a model (`model.bindTools(tools)`) or an agent
// (`createAgent({ model, tools })` from `langchain`). Here one is called the way an agent would call it.
const [name, args = '{}'] = process.argv.slice(2);
const tool = tools.find((t) => t.name === name);
if (tool) console.log(await tool.invoke(JSON.parse(args)));
