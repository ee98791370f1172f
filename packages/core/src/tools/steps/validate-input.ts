import type { ValidationIssue, ValidationOutcome } from "../../contracts/tool.js";
import { describeError } from "../../errors/describe-error.js";
import { type TrustedStep, trustedStep } from "../compose-tool-middleware.js";
import { errorOutcome } from "../tool-outcome.js";

/**
 * Checks the input against the tool's schema and passes on the value the schema produced (defaults and
 * transforms applied). A schema that throws (a transform of bad input) is answered like a failed check.
 */
export const validateInput: TrustedStep = trustedStep((call, next) => {
  if (!call.tool) return next();
  let validated: ValidationOutcome<unknown>;
  try {
    validated = call.tool.validate(call.input);
  } catch (error) {
    validated = { success: false, issues: [{ path: "", message: describeError(error) }] };
  }
  if (!validated.success) {
    return Promise.resolve(
      errorOutcome(
        `Invalid input for tool "${call.toolName}": ${issuesText(validated.issues)}. Call the tool again with corrected input.`,
      ),
    );
  }
  return next({ ...call, input: validated.value });
});

export function issuesText(issues: readonly ValidationIssue[]): string {
  return issues.map((issue) => `${issue.path || "(input)"}: ${issue.message}`).join("; ");
}
