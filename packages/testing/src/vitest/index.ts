export { describeConversationStoreContract } from "./conversation-store-contract.js";
export {
  installLodeMatchers,
  type LodeMatchers,
  lodeMatchers,
  type MatcherResult,
  type TokenLimitOptions,
} from "./matchers.js";
export { useBedrock } from "./use-bedrock.js";
