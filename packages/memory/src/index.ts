/**
 * Conversation stores and context strategies. The contracts (`ConversationStore`) live in `@lode/core`;
 * this package holds their implementations: the in-memory store every agent uses by default, a file store,
 * and Redis and PostgreSQL stores that many agent workers can share.
 */
export {
  type ConversationStore,
  InMemoryConversationStore,
  type SessionMetadata,
  type StoredConversation,
} from "@lode/core";
export { FileConversationStore, type FileConversationStoreOptions } from "./file/file-conversation-store.js";
export {
  PostgreSQLConversationStore,
  type PostgreSQLConversationStoreOptions,
} from "./postgres/postgres-conversation-store.js";
export {
  RedisConversationStore,
  type RedisConversationStoreOptions,
} from "./redis/redis-conversation-store.js";
export { estimateMessageTokens, type TokenCounting } from "./strategies/count-message-tokens.js";
export { type SlidingWindowOptions, slidingWindow } from "./strategies/sliding-window.js";
export {
  DEFAULT_SUMMARY_PROMPT,
  SUMMARY_FOOTER,
  SUMMARY_HEADER,
  type SummarizeOptions,
  summarize,
  summaryBlock,
} from "./strategies/summarize.js";
export { type TokenBudgetOptions, tokenBudget } from "./strategies/token-budget.js";
export {
  type TruncateToolResultsOptions,
  truncateMiddle,
  truncateToolResults,
} from "./strategies/truncate-tool-results.js";
