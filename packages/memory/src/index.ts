/**
 * Conversation stores and context strategies. The contracts (`ConversationStore`) live in `@lode/core`;
 * this package holds their implementations. For now: the in-memory store every agent uses by default.
 */
export { type ConversationStore, InMemoryConversationStore, type StoredConversation } from "@lode/core";
