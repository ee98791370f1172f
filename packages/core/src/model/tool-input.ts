/**
 * A client tool use as the model finished it: its input parsed once from the JSON it streamed, handed to
 * the tool-call pipeline (`input`, or `inputError` when it is not JSON) and to the history (`historyInput`).
 */
export interface AssembledToolUse {
  toolUseId: string;
  toolName: string;
  /** The JSON text as streamed. */
  rawInput: string;
  /** The parsed input; `undefined` when `rawInput` is not valid JSON. */
  input: unknown;
  /** Why `rawInput` is not valid JSON, when it is not. */
  inputError?: string;
  /**
   * The input as the history keeps it, and Bedrock takes it back: a JSON object. Input that is not one
   * (invalid JSON, an array, a number) is kept as `{}`; the error result tells the model what was wrong.
   */
  historyInput: Record<string, unknown>;
}

/** Parses a tool use's streamed input, once. An empty input (a tool without parameters) is `{}`. */
export function parseToolInput(toolUseId: string, toolName: string, rawInput: string): AssembledToolUse {
  let input: unknown;
  let inputError: string | undefined;
  if (rawInput.trim() === "") input = {};
  else {
    try {
      input = JSON.parse(rawInput);
    } catch (error) {
      inputError = error instanceof Error ? error.message : "not valid JSON";
    }
  }
  const historyInput =
    typeof input === "object" && input !== null && !Array.isArray(input)
      ? (input as Record<string, unknown>)
      : {};
  return { toolUseId, toolName, rawInput, input, historyInput, ...(inputError ? { inputError } : {}) };
}

/** The JSON value of `json`; `{}` for blank text, `undefined` when it is not JSON. */
export function tryParseJson(json: string): unknown {
  if (json.trim() === "") return {};
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}
