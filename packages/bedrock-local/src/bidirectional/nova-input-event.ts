import { validationError } from "../http/aws-error.js";
import { isJsonObject, type JsonObject } from "../models/model-turn.js";

/**
 * The input events of Amazon Nova Sonic's bidirectional protocol, each sent as `{"event": {<name>: {...}}}`
 * inside one chunk. Only the fields bedrock-local acts on are typed; the rest pass through unread.
 */
export type NovaInputEvent =
  | { kind: "sessionStart"; fields: JsonObject }
  | { kind: "promptStart"; fields: PromptStartFields }
  | { kind: "contentStart"; fields: ContentStartFields }
  | { kind: "textInput"; fields: ContentFields }
  | { kind: "audioInput"; fields: ContentFields }
  | { kind: "toolResult"; fields: ContentFields }
  | { kind: "contentEnd"; fields: { promptName?: string; contentName: string } }
  | { kind: "promptEnd"; fields: { promptName?: string } }
  | { kind: "sessionEnd"; fields: JsonObject };

/** promptStart as `parseNovaInputEvent` has checked it. */
export interface PromptStartFields {
  promptName: string;
  toolConfiguration?: {
    tools?: { toolSpec: { name: string; description?: string; inputSchema: { json: string } } }[];
  };
}

export type ContentRole = "SYSTEM" | "USER" | "ASSISTANT" | "TOOL";
export type ContentType = "TEXT" | "AUDIO" | "TOOL";

export interface ContentStartFields {
  promptName?: string;
  contentName: string;
  type: ContentType;
  role: ContentRole;
  interactive?: boolean;
  toolResultInputConfiguration?: { toolUseId?: string };
}

export interface ContentFields {
  promptName?: string;
  contentName: string;
  content: string;
}

const EVENT_NAMES = new Set<NovaInputEvent["kind"]>([
  "sessionStart",
  "promptStart",
  "contentStart",
  "textInput",
  "audioInput",
  "toolResult",
  "contentEnd",
  "promptEnd",
  "sessionEnd",
]);
const ROLES = new Set<string>(["SYSTEM", "USER", "ASSISTANT", "TOOL"]);
const TYPES = new Set<string>(["TEXT", "AUDIO", "TOOL"]);

/** Parses one chunk's bytes as a Nova Sonic input event; anything else is a ValidationException. */
export function parseNovaInputEvent(bytes: Uint8Array): NovaInputEvent {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch {
    throw validationError("Invalid input event: the chunk's bytes are not JSON.");
  }
  const event = isJsonObject(value) ? value.event : undefined;
  const names = isJsonObject(event) ? Object.keys(event) : [];
  const kind = names[0] as NovaInputEvent["kind"];
  if (!isJsonObject(event) || names.length !== 1 || !EVENT_NAMES.has(kind))
    throw validationError(
      `Invalid input event: expected {"event": {<one of ${[...EVENT_NAMES].join(", ")}>: {...}}}.`,
    );
  const fields = event[kind];
  if (!isJsonObject(fields)) throw validationError(`Invalid input event: ${kind} must be an object.`);
  checkFields(kind, fields);
  return { kind, fields } as NovaInputEvent;
}

function checkFields(kind: NovaInputEvent["kind"], fields: JsonObject): void {
  const need = (name: string) => {
    if (typeof fields[name] !== "string")
      throw validationError(`Invalid input event: ${kind}.${name} must be a string.`);
  };
  switch (kind) {
    case "promptStart":
      need("promptName");
      checkToolConfiguration(fields.toolConfiguration);
      return;
    case "contentStart":
      need("contentName");
      if (!ROLES.has(fields.role as string))
        throw validationError(
          `Invalid input event: contentStart.role must be one of ${[...ROLES].join(", ")}.`,
        );
      if (!TYPES.has(fields.type as string))
        throw validationError(
          `Invalid input event: contentStart.type must be one of ${[...TYPES].join(", ")}.`,
        );
      return;
    case "textInput":
    case "audioInput":
    case "toolResult":
      need("contentName");
      need("content");
      return;
    case "contentEnd":
      need("contentName");
      return;
    default:
      return;
  }
}

/**
 * promptStart's `toolConfiguration` (optional): `{tools: [{toolSpec: {name, description?, inputSchema: {json}}}]}`,
 * where `json` is the schema as a JSON string. Checked here so that a malformed list is the client's
 * validationException rather than a failure deep in the conversation.
 */
function checkToolConfiguration(value: unknown): void {
  if (value === undefined) return;
  const at = "promptStart.toolConfiguration";
  if (!isJsonObject(value)) throw validationError(`Invalid input event: ${at} must be an object.`);
  if (value.tools === undefined) return;
  if (!Array.isArray(value.tools)) throw validationError(`Invalid input event: ${at}.tools must be a list.`);
  value.tools.forEach((tool: unknown, index) => {
    const where = `${at}.tools[${index}]`;
    if (!isJsonObject(tool)) throw validationError(`Invalid input event: ${where} must be an object.`);
    const spec = tool.toolSpec;
    if (!isJsonObject(spec))
      throw validationError(`Invalid input event: ${where}.toolSpec must be an object.`);
    if (typeof spec.name !== "string" || spec.name === "")
      throw validationError(`Invalid input event: ${where}.toolSpec.name must be a non-empty string.`);
    if (spec.description !== undefined && typeof spec.description !== "string")
      throw validationError(`Invalid input event: ${where}.toolSpec.description must be a string.`);
    const schema = spec.inputSchema;
    if (!isJsonObject(schema) || typeof schema.json !== "string")
      throw validationError(
        `Invalid input event: ${where}.toolSpec.inputSchema.json must be a string holding the JSON schema.`,
      );
  });
}
