import type { AwsErrorName } from "../../http/aws-error.js";
import type { JsonObject, Usage } from "../model-turn.js";

/**
 * A script for bedrock-local's scripted model: for each model id (or `"*"` for any other id),
 * the turns it answers with. See the package README for a worked example.
 */
export interface Script {
  models: Record<string, ModelScript>;
}

export interface ModelScript {
  /**
   * Which turn answers a request.
   * - `"conversation"`: the turn whose index equals the number of assistant messages in the request,
   *   so each conversation walks the script from its start, independently of other conversations.
   * - `"sequential"`: the Nth request to this model id gets turn N, whatever it carries.
   * @default "conversation"
   */
  selection?: "conversation" | "sequential";
  /** Start again from the first turn once the last has been used. @default false */
  loop?: boolean;
  /** Input tokens (by the estimator) above which a request is rejected as too long. @default 200000 */
  contextWindow?: number;
  turns: ScriptTurn[];
}

export interface ScriptTurn {
  /** The blocks of the answer, in order. */
  content?: ScriptBlock[];
  /** Shorthand for `content: [{ text }]`. */
  text?: string;
  /**
   * Any of Bedrock's stop reasons, `malformed_model_output` and `malformed_tool_use` among them.
   * @default "tool_use" when the turn has a tool use, otherwise "end_turn"
   */
  stopReason?: string;
  /** Overrides of the estimated usage (cache tokens included). */
  usage?: Partial<Usage>;
  /** Characters per streamed delta. @default 12 */
  chunkSize?: number;
  /** Milliseconds before each streamed event after the first. @default 0 */
  delayMs?: number;
  /** Answer with this error instead of content (for example to script a context overflow). */
  error?: { type: AwsErrorName; message: string };
  /** Checks on the request this turn answers; a mismatch is answered with a ValidationException naming it. */
  expect?: TurnExpectation;
  additionalModelResponseFields?: JsonObject;
}

export type ScriptBlock =
  /**
   * Text, with the citations Bedrock sends for it: a document's (`location.documentChar` and kin), a search
   * result's (`location.searchResultLocation`) or a system tool's web source (`location.web`).
   */
  | { text: string; citations?: JsonObject[] }
  | { reasoning: string; signed?: boolean }
  | { redactedReasoning: string }
  /** An image the model generates; `bytes` is base64. */
  | { image: { format: "png" | "jpeg" | "gif" | "webp"; bytes: string } }
  /** Audio the model generates (Converse only); `bytes` is base64. */
  | { audio: { format: string; bytes: string } }
  | {
      toolUse: {
        name: string;
        input?: unknown;
        id?: string;
        type?: "tool_use" | "server_tool_use";
        /**
         * The input's JSON text exactly as streamed, instead of `input` serialised: lets a script send
         * input that is not valid JSON, as a model sometimes does. ConverseStream only (Converse returns
         * `input`, a JSON document).
         */
        rawInput?: string;
      };
    };

export interface TurnExpectation {
  /** A substring of the text of the request's last user message. */
  lastUserText?: string;
  /**
   * The names of the tools the request must offer (at least these): declared in `toolConfig` (a system
   * tool too) and not removed by a later `toolRemoval`.
   */
  tools?: string[];
  /** The names of tools the request must not offer (undeclared, or removed by a `toolRemoval`). */
  withoutTools?: string[];
  /** Tool use ids the last user message must answer with `toolResult` blocks (exactly these). */
  toolResultsFor?: string[];
  /** A substring of the system prompt's text. */
  system?: string;
  /** The number of messages the request carries. */
  messageCount?: number;
  /** A partial request body: every value given here must be present and equal (objects compared key by key). */
  body?: JsonObject;
}
