import type { Message } from "@aws-sdk/client-bedrock-runtime";
import type { ContextStrategy } from "../contracts/context-strategy.js";

/**
 * One strategy applying each of `strategies` in order, each to the previous one's result (for example
 * truncate tool results, then keep a token budget).
 */
export function composeStrategies(...strategies: ContextStrategy[]): ContextStrategy {
  return {
    name: strategies.map((strategy) => strategy.name ?? "strategy").join(" > "),
    async prepare(request) {
      let messages: readonly Message[] = request.messages;
      for (const strategy of strategies) messages = await strategy.prepare({ ...request, messages });
      return [...messages];
    },
  };
}
