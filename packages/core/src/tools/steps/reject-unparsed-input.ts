import type { ToolMiddleware } from "../../contracts/tool-call.js";
import { errorOutcome } from "../tool-outcome.js";

/** Input that is not JSON is answered with the text the model sent, so it can send it again whole. */
export const rejectUnparsedInput: ToolMiddleware = async (call, next) => {
  if (call.inputError === undefined) return next();
  return errorOutcome(
    `The input for tool "${call.toolName}" is not valid JSON: ${truncate(call.rawInput, 500)}. Send the input as one JSON object.`,
  );
};

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
