import type {
  GuardrailChecksContentFilterCategory,
  GuardrailChecksPromptAttackCategory,
  GuardrailChecksSensitiveInformationEntityType,
} from "@aws-sdk/client-bedrock-runtime";

/**
 * Which content of a request Lode sends in `guardContent` blocks, the only content Bedrock's input check
 * then reads:
 * - `"latest-user-message"`: the text of the run's latest user message. The history is not checked again,
 *   so content blocked in an earlier turn cannot block every later one.
 * - `"all-user-text"`: the text of every user message, history included.
 * - `"marked"`: only the blocks the caller wrapped with {@link guarded}.
 * - `"none"`: no `guardContent` at all (blocks wrapped with `guarded` are sent as plain text): Bedrock
 *   then checks every message of the request, user and assistant, history included.
 *
 * In every mode but `"none"`, blocks wrapped with `guarded` are sent as `guardContent` in the run that
 * received them. A run with nothing to wrap (`"marked"` with no marked block, an input without text) sends
 * no `guardContent`, and Bedrock checks every message. The model's output is checked in every mode.
 */
export type GuardContentMode = "none" | "latest-user-message" | "all-user-text" | "marked";

/** What Lode does to the history when a guardrail intervenes in a model call. */
export interface GuardrailInterventionHandling {
  /**
   * Replace the run's blocked input in the history (and so in the session the store keeps) with a
   * placeholder: text blocks become one text block with the placeholder, `toolResult` blocks keep their
   * ids and status and get the placeholder as their content. `true` uses a default placeholder; a string
   * is the placeholder. Only blocked input is replaced (masked input is what the user wrote).
   *
   * Without it the history keeps the user's message and the guardrail's answer, so the next turn reads
   * as a refused question. That is safe when only the latest user message is guarded; with any other
   * mode the history is checked again on every turn and the kept message would block each one.
   * @default `false` with `guard: "latest-user-message"`, `true` with any other mode
   */
  redactInput?: boolean | string;
  /**
   * Replace the assistant's blocked answer in the history with a placeholder (`true`: a default one; a
   * string: that text). Useful with `streamProcessingMode: "async"`, where the text streamed before the
   * block is part of the answer. With the trace off Lode cannot tell a masked answer from a blocked one,
   * and replaces both; with the trace on, a masked answer is kept.
   * @default `false` with `guard: "latest-user-message"`, `true` with any other mode
   */
  redactOutput?: boolean | string;
}

/**
 * A Bedrock guardrail applied to every model call of an agent (or of one run): it becomes the request's
 * `guardrailConfig`, and Lode reports its interventions as `guardrail` events and in `result.guardrail`.
 */
export interface GuardrailOptions {
  /** The guardrail's identifier or ARN. */
  id: string;
  /** The guardrail's version: a number such as `"1"`, or `"DRAFT"`. */
  version: string;
  /**
   * Whether Bedrock reports what the guardrail found. Lode reads the findings from the trace; without it
   * an intervention is still reported, with its side inferred and no findings.
   * `"enabled_full"` also lists the checks that found nothing.
   * @default "enabled"
   */
  trace?: "enabled" | "enabled_full" | "disabled";
  /**
   * `"sync"` checks the whole answer before streaming it; `"async"` streams the answer while the guardrail
   * reads it, so text may stream before a block and masking is not applied.
   * @default "sync"
   */
  streamProcessingMode?: "sync" | "async";
  /** Which content is sent as `guardContent`. @default "latest-user-message" */
  guard?: GuardContentMode;
  /** What happens to the history after an intervention. */
  onIntervention?: GuardrailInterventionHandling;
}

/** Which sides of a tool call a tool guardrail checks. */
export interface ToolGuardrailSides {
  /**
   * Check the tool's input (as the model wrote it, in JSON) before the tool runs, as content the model
   * wrote. Blocked: the tool does not run and the model gets an error result with the guardrail's message.
   * Masked: the tool runs with the masked input.
   * @default true
   */
  input?: boolean;
  /**
   * Check the tool's result (text, and JSON as its string) before the model sees it, as content the model
   * will read (so input policies such as prompt-attack filters apply). Blocked: an error result with the
   * guardrail's message. Masked: the masked result replaces the raw one.
   * @default true
   */
  output?: boolean;
}

/** A guardrail resource applied with ApplyGuardrail to tool calls: their input before they run, their output after. */
export interface AppliedToolGuardrailOptions extends ToolGuardrailSides {
  /** @default "apply-guardrail" */
  mode?: "apply-guardrail";
  /** The guardrail's identifier or ARN. */
  id: string;
  /** The guardrail's version: a number such as `"1"`, or `"DRAFT"`. */
  version: string;
}

/** Score thresholds, from 0 to 1, by category: a score at or above its category's threshold blocks. */
export type ScoreThresholds<Category extends string> = Partial<Record<Category, number>>;

/**
 * Inline checks of tool calls with InvokeGuardrailChecks: no guardrail resource, only the checks and the
 * thresholds given here. Bedrock scores the content; Lode decides with the thresholds.
 */
export interface ToolGuardrailChecksOptions extends ToolGuardrailSides {
  mode: "checks";
  /** Content filters (hate, insults, misconduct, sexual, violence), each with the severity that blocks. */
  contentFilter?: ScoreThresholds<GuardrailChecksContentFilterCategory>;
  /**
   * Prompt attacks (jailbreak, injection, leakage), each with the severity that blocks. Bedrock scores them
   * in what the model reads: tool results, not the inputs the model wrote.
   */
  promptAttack?: ScoreThresholds<GuardrailChecksPromptAttackCategory>;
  /** Sensitive entities to find, and what to do with one found with enough confidence. */
  sensitiveInformation?: {
    entities: GuardrailChecksSensitiveInformationEntityType[];
    /** `"mask"` replaces each entity with `{TYPE}`; `"block"` refuses the whole content. @default "mask" */
    action?: "mask" | "block";
    /** The confidence from which an entity counts. @default 0.5 */
    minConfidence?: number;
  };
}

/** A guardrail on tool calls: a guardrail resource (ApplyGuardrail) or inline checks (InvokeGuardrailChecks). */
export type ToolGuardrailOptions = AppliedToolGuardrailOptions | ToolGuardrailChecksOptions;
