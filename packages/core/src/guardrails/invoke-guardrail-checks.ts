import {
  type BedrockRuntimeClient,
  type GuardrailChecksResults,
  InvokeGuardrailChecksCommand,
  type InvokeGuardrailChecksCommandOutput,
} from "@aws-sdk/client-bedrock-runtime";
import type { GuardrailFinding, GuardrailPolicy } from "../contracts/guardrail-intervention.js";
import { classifyAwsError } from "../errors/classify-aws-error.js";
import { LodeError } from "../errors/lode-error.js";
import { explainSetupFailure } from "../errors/setup-errors.js";
import type { ApplyGuardrailResult } from "./apply-guardrail.js";
import { maskEntities } from "./mask-entities.js";
import type { ResolvedToolGuardrail } from "./resolve-guardrail.js";

type ChecksGuardrail = Extract<ResolvedToolGuardrail, { mode: "checks" }>;

/** What InvokeGuardrailChecks decided, in ApplyGuardrail's terms, with Bedrock's scores as sent. */
export interface GuardrailChecksResult extends ApplyGuardrailResult {
  checks: GuardrailChecksResults | undefined;
}

/**
 * Checks texts with inline guardrail checks (Bedrock's InvokeGuardrailChecks) and decides with the
 * guardrail's thresholds: a category scored at or above its threshold blocks; a sensitive entity found with
 * enough confidence is masked as `{TYPE}` (or blocks, with `action: "block"`). `role` is who wrote the
 * texts: `"assistant"` for what the model wrote, `"user"` for what it will read (prompt attacks are only
 * looked for there). Rejects with a classified `LodeError`, as `applyGuardrail` does.
 */
export async function invokeGuardrailChecks(options: {
  client: BedrockRuntimeClient;
  guardrail: ChecksGuardrail;
  texts: string[];
  role: "user" | "assistant";
  signal?: AbortSignal;
}): Promise<GuardrailChecksResult> {
  const { guardrail, texts, role } = options;
  const contentFilter = Object.keys(guardrail.contentFilter) as (keyof typeof guardrail.contentFilter)[];
  const promptAttack =
    role === "user" ? (Object.keys(guardrail.promptAttack) as (keyof typeof guardrail.promptAttack)[]) : [];
  const sensitive = guardrail.sensitiveInformation;
  if (contentFilter.length === 0 && promptAttack.length === 0 && !sensitive)
    return { action: "NONE", outputs: [], assessments: [], requestId: undefined, checks: undefined };

  let response: InvokeGuardrailChecksCommandOutput;
  try {
    response = await options.client.send(
      new InvokeGuardrailChecksCommand({
        messages: [{ role, content: texts.map((text) => ({ text })) }],
        checks: {
          ...(contentFilter.length
            ? { contentFilter: { categories: contentFilter.map((category) => ({ category })) } }
            : {}),
          ...(promptAttack.length
            ? { promptAttack: { categories: promptAttack.map((category) => ({ category })) } }
            : {}),
          ...(sensitive
            ? { sensitiveInformation: { entities: sensitive.entities.map((type) => ({ type })) } }
            : {}),
        },
      }),
      { abortSignal: options.signal },
    );
  } catch (error) {
    if (options.signal?.aborted)
      throw new LodeError("aborted", "The guardrail check was aborted.", { cause: error });
    throw await explainSetupFailure(options.client, classifyAwsError(error));
  }
  return decide(guardrail, texts, response);
}

function decide(
  guardrail: ChecksGuardrail,
  texts: string[],
  response: InvokeGuardrailChecksCommandOutput,
): GuardrailChecksResult {
  const { results } = response;
  const requestId = response.$metadata.requestId;
  const findings: GuardrailFinding[] = [];
  const blockedBy: string[] = [];
  const scored = [
    ...(results?.contentFilter?.results ?? []).map((entry) => ({
      ...entry,
      threshold: guardrail.contentFilter[entry.category as keyof typeof guardrail.contentFilter],
    })),
    ...(results?.promptAttack?.results ?? []).map((entry) => ({
      ...entry,
      threshold: guardrail.promptAttack[entry.category as keyof typeof guardrail.promptAttack],
    })),
  ];
  for (const { category = "", severityScore = 0, threshold } of scored) {
    if (threshold === undefined || severityScore < threshold) continue;
    findings.push({ policy: "content", type: category, score: severityScore, threshold, action: "blocked" });
    blockedBy.push(`${category} ${severityScore} ≥ ${threshold}`);
  }

  const sensitive = guardrail.sensitiveInformation;
  const masks: { text: number; begin: number; end: number; type: string }[] = [];
  for (const entity of results?.sensitiveInformation?.results ?? []) {
    if (!sensitive || (entity.confidenceScore ?? 0) < sensitive.minConfidence) continue;
    const text = texts[entity.contentIndex ?? 0] ?? "";
    const begin = entity.beginOffset ?? 0;
    const end = entity.endOffset ?? begin;
    const action = sensitive.action === "block" ? "blocked" : "masked";
    findings.push({
      policy: "sensitive-information",
      kind: "pii",
      type: entity.type ?? "",
      match: text.slice(begin, end),
      action,
    });
    if (action === "blocked") blockedBy.push(`${entity.type} found`);
    else masks.push({ text: entity.contentIndex ?? 0, begin, end, type: entity.type ?? "" });
  }

  const base = { assessments: [], requestId, checks: results };
  if (findings.length === 0) return { action: "NONE", outputs: [], ...base };
  const policies = [...new Set(findings.map((finding) => finding.policy))] as GuardrailPolicy[];
  if (blockedBy.length > 0)
    return {
      action: "GUARDRAIL_INTERVENED",
      outputs: [`A guardrail check blocked this content (${blockedBy.join("; ")}).`],
      intervention: { action: "blocked", policies, findings },
      ...base,
    };
  return {
    action: "GUARDRAIL_INTERVENED",
    outputs: texts.map((text, index) =>
      maskEntities(
        text,
        masks.filter((mask) => mask.text === index),
      ),
    ),
    intervention: { action: "masked", policies, findings },
    ...base,
  };
}
