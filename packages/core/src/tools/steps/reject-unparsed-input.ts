import { type TrustedStep, trustedStep } from "../compose-tool-middleware.js";
import { errorOutcome } from "../tool-outcome.js";

/** Input that is not JSON is answered with the text the model sent, so it can send it again whole. */
export const rejectUnparsedInput: TrustedStep = trustedStep((call, next) => {
  if (call.inputError === undefined) return next();
  return Promise.resolve(
    errorOutcome(
      `The input for tool "${call.toolName}" is not valid JSON: ${truncate(call.rawInput, 500)}. Send the input as one JSON object.`,
    ),
  );
});

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
