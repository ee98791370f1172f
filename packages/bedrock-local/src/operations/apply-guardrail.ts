import {
  evaluateGuardrail,
  type GuardrailOutputScope,
  type GuardrailSource,
  type GuardrailText,
} from "../guardrails/evaluate-guardrail.js";
import { GUARDRAIL_NOT_FOUND_MESSAGE } from "../guardrails/guardrail-registry.js";
import { AwsError } from "../http/aws-error.js";
import { sendJson } from "../http/exchange.js";
import type { JsonObject } from "../models/model-turn.js";
import { throwIfViolations } from "../validation/constraint-violations.js";
import { checkBody } from "../validation/schema/check-body.js";
import { inputShape } from "../validation/schema/sdk-shapes.js";
import type { Operation } from "./operation.js";
import { recordedAnswer, sendRecorded } from "./send-recorded.js";

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
    const recorded = recordedAnswer(exchange);
    if (recorded) return sendRecorded(exchange, recorded);

    const request = parseApplyGuardrailRequest(exchange.body);
    const version = exchange.rest[0] ?? "";
    const definition = exchange.server.guardrails.findVersion(exchange.targetId, version);
    if (!definition) throw new AwsError("ResourceNotFoundException", GUARDRAIL_NOT_FOUND_MESSAGE);

    const result = evaluateGuardrail(definition, request.texts, request.source, {
      outputScope: request.outputScope,
    });
    const appliedGuardrailDetails = {
      guardrailArn: `arn:aws:bedrock:us-east-1:000000000000:guardrail/${definition.id}`,
      guardrailId: definition.id,
      guardrailOrigin: ["REQUEST"],
      guardrailOwnership: "SELF",
      guardrailVersion: version,
    };
    // Bedrock also sends the older `output` twin of `outputs`, and `blockedResponse` when it blocked.
    sendJson(
      exchange.response,
      200,
      {
        action: result.action,
        actionReason: result.actionReason,
        assessments: result.assessments.map((assessment) => ({ ...assessment, appliedGuardrailDetails })),
        ...(result.blocked ? { blockedResponse: result.outputs[0]?.text } : {}),
        guardrailCoverage: result.guardrailCoverage,
        output: result.outputs,
        outputs: result.outputs,
        usage: result.usage,
      },
      exchange.requestId,
    );
  },
};

interface ApplyGuardrailRequest {
  source: GuardrailSource;
  texts: GuardrailText[];
  outputScope: GuardrailOutputScope;
}

/**
 * Checks the body against the SDK's shape of ApplyGuardrail's input (every problem in one
 * ValidationException, a wrong JSON type a SerializationException), and reads what the evaluation needs.
 * Images are accepted and left unguarded: bedrock-local has no image content filters.
 */
export function parseApplyGuardrailRequest(body: JsonObject): ApplyGuardrailRequest {
  throwIfViolations(checkBody(body, inputShape("ApplyGuardrail")));
  const content = body.content as { text?: { text: string; qualifiers?: string[] } }[];
  const texts = content.flatMap(({ text }): GuardrailText[] =>
    text ? [text.qualifiers ? { text: text.text, qualifiers: text.qualifiers } : text.text] : [],
  );
  return {
    source: body.source as GuardrailSource,
    texts,
    outputScope: (body.outputScope as GuardrailOutputScope | undefined) ?? "INTERVENTIONS",
  };
}
