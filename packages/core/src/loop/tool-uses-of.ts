import type { Message } from "@aws-sdk/client-bedrock-runtime";
import { type AssembledToolUse, parseToolInput } from "../model/tool-input.js";

/**
 * The client tool uses of a model's message, their input parsed again from it: a step resumed later (after
 * an approval, or in another process) sends them through the pipeline as the first time.
 */
export function toolUsesOf(message: Message): AssembledToolUse[] {
  return (message.content ?? []).flatMap((block) =>
    block.toolUse && block.toolUse.type !== "server_tool_use"
      ? [
          parseToolInput(
            block.toolUse.toolUseId ?? "",
            block.toolUse.name ?? "",
            JSON.stringify(block.toolUse.input ?? {}),
          ),
        ]
      : [],
  );
}
