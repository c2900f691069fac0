export { type Connection, SwitchyardToolsError } from './http.ts';
export {
  type RunTool,
  type SwitchyardToolMetadata,
  type ToolManifest,
  type ToolResult,
  toLangChainTool,
  toolReply,
} from './langchain-tool.ts';
export { type AgentRef, loadSwitchyardTools, type SwitchyardToolsOptions, switchyardTool } from './load-tools.ts';
