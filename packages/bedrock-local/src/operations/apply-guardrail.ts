import { AwsError } from "../http/aws-error.js";
import type { Operation } from "./operation.js";
import { sendRecorded } from "./send-recorded.js";

/** `POST /guardrail/{guardrailIdentifier}/version/{guardrailVersion}/apply` */
export const applyGuardrail: Operation = {
  name: "ApplyGuardrail",
  match: (segments) =>
    segments.length === 5 &&
    segments[0] === "guardrail" &&
    segments[2] === "version" &&
    segments[4] === "apply"
      ? { targetId: segments[1] as string, rest: [segments[3] as string] }
      : undefined,
  async handle(exchange) {
    for (const source of exchange.server.models) {
      const answer = source.answer({
        operation: "ApplyGuardrail",
        modelId: exchange.targetId,
        rawPath: exchange.rawPath,
        body: exchange.body,
        requestNumber: exchange.requestNumber,
      });
      if (answer?.kind === "recorded") return sendRecorded(exchange, answer.response);
    }
    throw new AwsError(
      "ResourceNotFoundException",
      "The guardrail identifier or version provided does not exist.",
    );
  },
};
