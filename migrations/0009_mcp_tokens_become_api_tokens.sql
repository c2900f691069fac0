-- MCP tokens are API tokens now (api_tokens, access = mcp). The old ones belonged to nobody, so they cannot be
-- carried over: create new ones with POST /api/tokens.
DROP TABLE "mcp_tokens" CASCADE;