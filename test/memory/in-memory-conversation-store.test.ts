import { InMemoryConversationStore } from "@lode/memory";
import { describeConversationStoreContract } from "@lode/testing/vitest";

describeConversationStoreContract("InMemoryConversationStore", () => new InMemoryConversationStore());
