import { createHash } from "node:crypto";
import { AwsError, validationError } from "../../http/aws-error.js";
import { signsReasoning } from "../../reasoning/reasoning-model.js";
import type { ReasoningSigner } from "../../reasoning/reasoning-signer.js";
import { estimateInputTokens, estimateTokens } from "../../tokens/estimate-tokens.js";
import { PromptCache } from "../../tokens/prompt-cache.js";
import type { ModelAnswer, ModelRequest, ModelSource, OperationName } from "../model-source.js";
import { DEFAULT_PACING, type ModelTurn, type TurnBlock, type Usage } from "../model-turn.js";
import { checkExpectation } from "./check-expectation.js";
import type { ModelScript, Script, ScriptBlock, ScriptTurn } from "./script-format.js";

const DEFAULT_CONTEXT_WINDOW = 200_000;

/**
 * The operations a script's turns answer. The model-native ones hand the scripted model their request
 * translated into Converse's shape, so turn selection and `expect` work the same for all of them.
 */
const SCRIPTED_OPERATIONS: ReadonlySet<OperationName> = new Set<OperationName>([
  "Converse",
  "ConverseStream",
  "InvokeModel",
  "InvokeModelWithResponseStream",
  "InvokeModelWithBidirectionalStream",
  "StartAsyncInvoke",
]);

/**
 * Serves the turns of a script, signing its reasoning with `signer` for the model addressed, as that model's
 * own (Nova, DeepSeek and gpt-oss send their reasoning unsigned, so their turns' reasoning is left unsigned).
 */
export class ScriptedModel implements ModelSource {
  private readonly sequentialCounters = new Map<string, number>();
  readonly recorded = false;

  constructor(
    private readonly script: Script,
    private readonly signer: ReasoningSigner,
    private readonly promptCache: PromptCache = new PromptCache(),
  ) {}

  serves(modelId: string): boolean {
    return modelId in this.script.models || "*" in this.script.models;
  }

  answer(request: ModelRequest): ModelAnswer | undefined {
    if (!SCRIPTED_OPERATIONS.has(request.operation)) return undefined;
    const modelScript = this.script.models[request.modelId] ?? this.script.models["*"];
    if (!modelScript) return undefined;
    const turnIndex = this.turnIndex(request, modelScript);
    const turn = modelScript.turns[turnIndex];
    if (!turn) {
      throw validationError(
        `bedrock-local script: model ${request.modelId} has ${modelScript.turns.length} turn(s) and no turn ${turnIndex + 1} for this request.`,
      );
    }
    if (turn.expect)
      checkExpectation(turn.expect, request.body, `model ${request.modelId}, turn ${turnIndex + 1}`);
    if (turn.error) throw new AwsError(turn.error.type, turn.error.message);
    if (request.operation === "ConverseStream" && turn.content?.some((block) => "audio" in block))
      throw validationError(
        `bedrock-local script: model ${request.modelId}, turn ${turnIndex + 1} has audio, which ConverseStream cannot carry (it has no audio events); script audio for Converse.`,
      );
    return {
      kind: "turn",
      turn: this.buildTurn(turn, request, turnIndex),
      contextWindow: modelScript.contextWindow ?? DEFAULT_CONTEXT_WINDOW,
    };
  }

  private turnIndex(request: ModelRequest, modelScript: ModelScript): number {
    let index: number;
    if (modelScript.selection === "sequential") {
      index = this.sequentialCounters.get(request.modelId) ?? 0;
      this.sequentialCounters.set(request.modelId, index + 1);
    } else {
      const messages = Array.isArray(request.body.messages) ? request.body.messages : [];
      index = messages.filter((message) => (message as { role?: unknown })?.role === "assistant").length;
    }
    return modelScript.loop ? index % modelScript.turns.length : index;
  }

  private buildTurn(turn: ScriptTurn, request: ModelRequest, turnIndex: number): ModelTurn {
    const blocks = turn.content ?? [{ text: turn.text ?? "" }];
    const content = blocks.map((block, blockIndex) =>
      this.toTurnBlock(
        block,
        request.modelId,
        `${request.modelId}/${turnIndex}/${blockIndex}/${JSON.stringify(request.body.messages ?? [])}`,
      ),
    );
    const outputTokens = estimateTokens(
      content.map((block) => ("text" in block ? block.text : block.kind === "tool-use" ? block.input : "")),
    );
    const usage = { ...this.estimatedUsage(request, outputTokens), ...turn.usage };
    if (turn.usage && turn.usage.totalTokens === undefined)
      usage.totalTokens = usage.inputTokens + usage.outputTokens;
    return {
      content,
      stopReason:
        turn.stopReason ?? (content.some((block) => block.kind === "tool-use") ? "tool_use" : "end_turn"),
      usage,
      pacing: {
        chunkSize: turn.chunkSize ?? DEFAULT_PACING.chunkSize,
        delayMs: turn.delayMs ?? DEFAULT_PACING.delayMs,
      },
      ...(turn.additionalModelResponseFields
        ? { additionalModelResponseFields: turn.additionalModelResponseFields }
        : {}),
    };
  }

  /**
   * The usage as estimated: every input token uncached, or, when the request has cache points, the input
   * into what the simulated prompt cache read, wrote (by TTL) and left uncached.
   */
  private estimatedUsage(request: ModelRequest, outputTokens: number): Usage {
    const inputTokens = estimateInputTokens(request.body);
    const cached = this.promptCache.account(request.modelId, request.body, inputTokens);
    if (!cached) return { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
    return {
      inputTokens: cached.uncachedTokens,
      outputTokens,
      totalTokens: cached.uncachedTokens + cached.readTokens + cached.writeTokens + outputTokens,
      cacheReadInputTokens: cached.readTokens,
      cacheWriteInputTokens: cached.writeTokens,
      ...(cached.details.length > 0 ? { cacheDetails: cached.details } : {}),
    };
  }

  private toTurnBlock(block: ScriptBlock, modelId: string, seed: string): TurnBlock {
    if ("image" in block) return { kind: "image", format: block.image.format, bytes: block.image.bytes };
    if ("audio" in block) return { kind: "audio", format: block.audio.format, bytes: block.audio.bytes };
    if ("toolUse" in block) {
      return {
        kind: "tool-use",
        toolUseId: block.toolUse.id ?? toolUseIdFrom(seed),
        name: block.toolUse.name,
        input: block.toolUse.input ?? {},
        ...(block.toolUse.type ? { type: block.toolUse.type } : {}),
        ...(block.toolUse.rawInput !== undefined ? { rawInput: block.toolUse.rawInput } : {}),
      };
    }
    if ("reasoning" in block) {
      return block.signed === false || !signsReasoning(modelId)
        ? { kind: "reasoning", text: block.reasoning }
        : { kind: "reasoning", text: block.reasoning, signature: this.signer.sign(modelId, block.reasoning) };
    }
    if ("redactedReasoning" in block)
      return { kind: "redacted-reasoning", data: this.signer.seal(modelId, block.redactedReasoning) };
    return block.citations?.length
      ? { kind: "cited-text", text: block.text, citations: block.citations }
      : { kind: "text", text: block.text };
  }
}

/** Tool use ids shaped like Bedrock's (`tooluse_` and 22 url-safe characters), stable for one conversation. */
function toolUseIdFrom(seed: string): string {
  return `tooluse_${createHash("sha256").update(seed).digest("base64url").slice(0, 22)}`;
}
