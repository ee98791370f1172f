import {
  evaluateGuardrail,
  type GuardrailOutputScope,
  type GuardrailSource,
  type GuardrailText,
} from "../guardrails/evaluate-guardrail.js";
import { GUARDRAIL_NOT_FOUND_MESSAGE } from "../guardrails/guardrail-registry.js";
import { AwsError, validationError } from "../http/aws-error.js";
import { sendJson } from "../http/exchange.js";
import { isJsonObject, type JsonObject } from "../models/model-turn.js";
import { describeViolation, enumConstraint, enumViolation } from "../validation/constraint-violations.js";
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

const QUALIFIERS = ["grounding_source", "query", "guard_content"];

/** Checks the body as Bedrock's front end does, naming every problem in one ValidationException. */
export function parseApplyGuardrailRequest(body: JsonObject): ApplyGuardrailRequest {
  const problems: string[] = [];
  const { source, content, outputScope } = body;
  if (source === undefined || source === null) problems.push(notNull("source"));
  problems.push(
    ...enumViolation(source, "source", ["INPUT", "OUTPUT"]).map(describeViolation),
    ...enumViolation(outputScope, "outputScope", ["INTERVENTIONS", "FULL"]).map(describeViolation),
  );

  const texts: GuardrailText[] = [];
  if (content === undefined || content === null) problems.push(notNull("content"));
  else if (!Array.isArray(content) || content.length === 0)
    problems.push(`Value at 'content' failed to satisfy constraint: Member must be a non-empty list`);
  else {
    for (const [index, block] of content.entries()) {
      const text = readContentBlock(block, `content.${index + 1}.member`, problems);
      if (text) texts.push(text);
    }
  }

  if (problems.length) {
    const count = problems.length === 1 ? "1 validation error" : `${problems.length} validation errors`;
    throw validationError(`${count} detected: ${problems.join("; ")}`);
  }
  return {
    source: source as GuardrailSource,
    texts,
    outputScope: (outputScope as GuardrailOutputScope | undefined) ?? "INTERVENTIONS",
  };
}

/** The text of one content block; undefined for an image (accepted, left unguarded) or a faulty block. */
function readContentBlock(block: unknown, path: string, problems: string[]): GuardrailText | undefined {
  const { text, image } = isJsonObject(block) ? block : {};
  if (!text || typeof text !== "object") {
    // Images are accepted and left unguarded: bedrock-local has no image content filters.
    if (!image)
      problems.push(
        `Value at '${path}' failed to satisfy constraint: Member must hold a text or an image block`,
      );
    return undefined;
  }
  const { text: value, qualifiers } = text as JsonObject;
  if (typeof value !== "string") {
    problems.push(notNull(`${path}.text.text`));
    return undefined;
  }
  if (qualifiers !== undefined && !isQualifierList(qualifiers)) {
    // AWS does not show the offending list.
    problems.push(
      describeViolation({
        path: `${path}.text.qualifiers`,
        value: undefined,
        constraint: enumConstraint(QUALIFIERS),
      }),
    );
    return undefined;
  }
  return qualifiers ? { text: value, qualifiers } : value;
}

function isQualifierList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string" && QUALIFIERS.includes(item));
}

function notNull(path: string): string {
  return `Value null at '${path}' failed to satisfy constraint: Member must not be null`;
}
