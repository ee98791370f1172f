import type { ModelScript, Script, ScriptBlock, ScriptTurn, TurnExpectation } from "@lode/bedrock-local";

type TextBlock = Extract<ScriptBlock, { text: string }>;
type ErrorName = NonNullable<ScriptTurn["error"]>["type"];

/** Builds one scripted turn of the model: its blocks in order, then its settings. */
export class TurnBuilder {
  private readonly blocks: ScriptBlock[] = [];
  private readonly settings: Omit<ScriptTurn, "content" | "text"> = {};

  /** Text the model writes (`citations` as ConverseStream's citation objects). */
  text(text: string, citations?: TextBlock["citations"]): this {
    this.blocks.push(citations ? { text, citations } : { text });
    return this;
  }

  /** Reasoning, signed as Bedrock signs it unless `signed: false`. */
  reasoning(text: string, options: { signed?: boolean } = {}): this {
    this.blocks.push(options.signed === false ? { reasoning: text, signed: false } : { reasoning: text });
    return this;
  }

  /** Reasoning Bedrock redacted (opaque bytes, from this text). */
  redactedReasoning(text: string): this {
    this.blocks.push({ redactedReasoning: text });
    return this;
  }

  /** A call of `name` with `input` (`id` for a fixed tool use id; `rawInput` for invalid JSON on purpose). */
  toolUse(name: string, input: unknown = {}, options: { id?: string; rawInput?: string } = {}): this {
    this.blocks.push({ toolUse: { name, input, ...options } });
    return this;
  }

  /** Usage the turn reports instead of the estimate (cache tokens, for one). */
  usage(usage: NonNullable<ScriptTurn["usage"]>): this {
    this.settings.usage = usage;
    return this;
  }

  /** The stop reason, where the default (`tool_use` with a tool use, else `end_turn`) is not wanted. */
  stopReason(stopReason: string): this {
    this.settings.stopReason = stopReason;
    return this;
  }

  /** Characters per streamed delta, and milliseconds between streamed events. */
  streaming(options: { chunkSize?: number; delayMs?: number }): this {
    Object.assign(this.settings, options);
    return this;
  }

  /** Answers with this AWS error instead of content. */
  fails(type: ErrorName, message = `${type} (scripted)`): this {
    this.settings.error = { type, message };
    return this;
  }

  /** Checks on the request this turn answers (a mismatch is a ValidationException naming it). */
  expects(expectation: TurnExpectation): this {
    this.settings.expect = expectation;
    return this;
  }

  build(): ScriptTurn {
    if (this.blocks.length === 0 && !this.settings.error)
      throw new TypeError("A scripted turn needs a block (text, reasoning, toolUse) or fails(…).");
    return { ...(this.blocks.length > 0 ? { content: [...this.blocks] } : {}), ...this.settings };
  }
}

/** Builds a script for bedrock-local's scripted model, turn by turn. */
export class ScriptBuilder {
  private readonly models = new Map<string, { turns: ScriptTurn[]; options: Omit<ModelScript, "turns"> }>();
  private current = "*";

  /** The turns that follow are this model id's (`"*"`, the default, answers any id without its own). */
  model(modelId: string, options: Omit<ModelScript, "turns"> = {}): this {
    this.current = modelId;
    const entry = this.models.get(modelId);
    if (entry) Object.assign(entry.options, options);
    else this.models.set(modelId, { turns: [], options });
    return this;
  }

  /** The model's next turn, described by `describe(t)`. */
  turn(describe: (turn: TurnBuilder) => TurnBuilder): this {
    if (!this.models.has(this.current)) this.models.set(this.current, { turns: [], options: {} });
    this.models.get(this.current)?.turns.push(describe(new TurnBuilder()).build());
    return this;
  }

  /** A turn of text only: `.text("…")` for `.turn((t) => t.text("…"))`. */
  text(text: string): this {
    return this.turn((turn) => turn.text(text));
  }

  build(): Script {
    return {
      models: Object.fromEntries(
        [...this.models].map(([modelId, { turns, options }]) => [modelId, { ...options, turns }]),
      ),
    };
  }
}

/**
 * A typed script for bedrock-local's scripted model:
 * `script().turn((t) => t.reasoning("…").toolUse("get_weather", { city: "Oslo" })).text("Sunny.").build()`.
 */
export function script(): ScriptBuilder {
  return new ScriptBuilder();
}
