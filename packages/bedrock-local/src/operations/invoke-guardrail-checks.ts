import { evaluateChecks, type GuardrailChecksRequest } from "../guardrail-checks/evaluate-checks.js";
import { validationError } from "../http/aws-error.js";
import { sendJson } from "../http/exchange.js";
import { throwIfViolations } from "../validation/constraint-violations.js";
import { checkBody } from "../validation/schema/check-body.js";
import { inputShape } from "../validation/schema/sdk-shapes.js";
import type { Operation } from "./operation.js";
import { recordedAnswer, sendRecorded } from "./send-recorded.js";

/** bedrock-local's words: a request that asks for no check has nothing to answer. */
export const NO_CHECKS =
  "The checks field must enable at least one of contentFilter, promptAttack and sensitiveInformation.";

/**
 * `POST /guardrail-checks/invoke`: inline content-filter, prompt-attack and sensitive-information checks,
 * no guardrail resource needed. Scores come from the server's `guardrailChecks` script.
 */
export const invokeGuardrailChecks: Operation = {
  name: "InvokeGuardrailChecks",
  match: (segments) =>
    segments.length === 2 && segments[0] === "guardrail-checks" && segments[1] === "invoke"
      ? { targetId: "", rest: [] }
      : undefined,
  async handle(exchange) {
    const recorded = recordedAnswer(exchange);
    if (recorded) return sendRecorded(exchange, recorded);

    throwIfViolations(checkBody(exchange.body, inputShape("InvokeGuardrailChecks")));
    const request = exchange.body as unknown as GuardrailChecksRequest;
    const { contentFilter, promptAttack, sensitiveInformation } = request.checks;
    if (!contentFilter && !promptAttack && !sensitiveInformation) throw validationError(NO_CHECKS);
    sendJson(
      exchange.response,
      200,
      evaluateChecks(request, exchange.server.guardrailChecks),
      exchange.requestId,
    );
  },
};
