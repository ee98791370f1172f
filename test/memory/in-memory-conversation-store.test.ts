import { InMemoryConversationStore } from "@lode/memory";
import { describeConversationStoreContract } from "./support/conversation-store-contract.js";

describeConversationStoreContract("InMemoryConversationStore", () => new InMemoryConversationStore());
