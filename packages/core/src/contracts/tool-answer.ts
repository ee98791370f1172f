import type { ToolResultContentBlock } from "@aws-sdk/client-bedrock-runtime";

export type ToolResultStatus = "success" | "error";

/** How a tool call was answered: its `toolResult` block's status and content. */
export interface ToolCallAnswer {
  status: ToolResultStatus;
  content: ToolResultContentBlock[];
}
