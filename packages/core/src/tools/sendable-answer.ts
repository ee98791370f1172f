import type { ToolResultContentBlock } from "@aws-sdk/client-bedrock-runtime";
import type { ToolCallAnswer } from "../contracts/tool-call.js";
import { toJsonResult } from "./json-result.js";
import { errorOutcome } from "./tool-outcome.js";

/** Content this module made or checked: the pipeline's last check then skips what its first one did. */
const checked = new WeakSet<ToolResultContentBlock[]>();

/**
 * `answer` with every `json` block's value made plain JSON by the rules of `toJsonResult` (a Date as its
 * ISO string, a BigInt as a decimal string, …), or, when one cannot be sent, that call's error result
 * naming the tool, where in the result and what was wrong. A value that becomes something other than an
 * object or array (a Date returned alone) is wrapped as `{ result: value }`, since a json result is an
 * object. Called where a tool's result enters the pipeline and again where the pipeline's answer leaves
 * it, so the guardrail, the event, the run's record and the request all see the same data.
 */
export function sendableAnswer(toolName: string, answer: ToolCallAnswer): ToolCallAnswer {
  if (checked.has(answer.content)) return answer;
  const content: ToolResultContentBlock[] = [];
  for (const [index, block] of answer.content.entries()) {
    if (block.json === undefined) {
      content.push(block);
      continue;
    }
    const converted = toJsonResult(block.json);
    if (!converted.ok) {
      const where = answer.content.length > 1 ? ` (result block ${index})` : "";
      return marked(
        errorOutcome(
          `Tool "${toolName}" returned a result that cannot be sent as JSON${where}: ${converted.reason}.`,
        ),
      );
    }
    const { value } = converted;
    const json = typeof value === "object" && value !== null ? value : { result: value };
    content.push({ json: json as never });
  }
  return marked({ status: answer.status, content });
}

function marked(answer: ToolCallAnswer): ToolCallAnswer {
  checked.add(answer.content);
  return answer;
}
