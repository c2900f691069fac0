/** How to use a token just created, as a command to paste: the API lists workflows, an MCP token lists its tools. */
export function tokenCurlExample(origin: string, token: string, access: 'api' | 'mcp'): string {
  if (access === 'api') return `curl -s ${origin}/api/workflows \\\n  -H 'Authorization: Bearer ${token}'`;
  return `curl -s -X POST ${origin}/mcp \\
  -H 'Authorization: Bearer ${token}' \\
  -H 'content-type: application/json' \\
  -H 'accept: application/json, text/event-stream' \\
  -d '{"jsonrpc":"2.0","id":1,"method":"tools/list"}'`;
}
