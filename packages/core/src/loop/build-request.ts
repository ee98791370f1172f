import type {
  Tool as BedrockTool,
  CachePointBlock,
  ContentBlock,
  ConverseStreamRequest,
  Message,
  SystemContentBlock,
  ToolChoice,
  ToolInputSchema,
} from "@aws-sdk/client-bedrock-runtime";
import {
  type CachePointSetting,
  PASS_THROUGH_KEYS,
  type PassThroughRequestFields,
  type RequestSettings,
} from "../contracts/request-settings.js";
import type { AnyTool } from "../contracts/tool.js";
import type { ToolDeclaration } from "./tool-changes.js";

/** The cache-point block a setting asks for, or undefined when it asks for none. */
function cachePoint(setting: CachePointSetting | undefined): { cachePoint: CachePointBlock } | undefined {
  if (!setting) return undefined;
  return { cachePoint: { type: "default", ...(typeof setting === "object" ? { ttl: setting.ttl } : {}) } };
}

/** Builds one ConverseStream request from the run's settings and the conversation so far. */
export function buildConverseRequest(options: {
  modelId: string;
  system: string | SystemContentBlock[] | undefined;
  tools: readonly AnyTool[];
  messages: Message[];
  settings: RequestSettings;
  /** Overrides `settings.toolChoice` (structured output forces its tool). */
  toolChoice?: ToolChoice;
  /**
   * In `"system-messages"` mode: every tool the session declares (sent in place of `tools`), and the
   * message announcing what changed, sent after the history's cache point.
   */
  declaration?: ToolDeclaration;
}): ConverseStreamRequest {
  const { settings } = options;
  const passThrough: PassThroughRequestFields = {};
  for (const key of PASS_THROUGH_KEYS) {
    if (settings[key] !== undefined) Object.assign(passThrough, { [key]: settings[key] });
  }
  const request: ConverseStreamRequest = {
    modelId: options.modelId,
    messages: [
      ...withHistoryCachePoint(options.messages, cachePoint(settings.cachePoints?.history)),
      ...(options.declaration?.change ? [options.declaration.change] : []),
    ],
    ...passThrough,
  };
  const system = systemBlocks(options.system);
  const systemCachePoint = cachePoint(settings.cachePoints?.system);
  if (system.length > 0) request.system = systemCachePoint ? [...system, systemCachePoint] : system;
  const systemTools = (settings.systemTools ?? []).map((name): BedrockTool => ({ systemTool: { name } }));
  const ownTools = options.declaration?.declared ?? options.tools.map(toBedrockTool);
  if (ownTools.length > 0 || systemTools.length > 0) {
    const tools: BedrockTool[] = [...ownTools, ...systemTools];
    const toolsCachePoint = cachePoint(settings.cachePoints?.tools);
    if (toolsCachePoint) tools.push(toolsCachePoint);
    const toolChoice = options.toolChoice ?? settings.toolChoice;
    request.toolConfig = { tools, ...(toolChoice ? { toolChoice } : {}) };
  } else {
    const named = toolNamesInHistory(options.messages);
    if (named.length > 0) request.toolConfig = { tools: named.map(retiredTool) };
  }
  return request;
}

/**
 * Bedrock rejects a request whose history holds toolUse or toolResult blocks but which has no
 * `toolConfig` ("The toolConfig field must be defined…"): a session that used tools (or structured
 * output's tool) and is continued by a run without tools. Such a run offers the tools its history
 * names, each marked as no longer available; a call to one is answered as an unknown tool.
 */
function toolNamesInHistory(messages: Message[]): string[] {
  const names = new Set<string>();
  let answered = false;
  for (const message of messages) {
    for (const block of message.content ?? []) {
      if (block.toolUse?.name && block.toolUse.type !== "server_tool_use") names.add(block.toolUse.name);
      if (block.toolResult) answered = true;
    }
  }
  // A toolResult whose toolUse was trimmed away still needs a toolConfig; any placeholder name will do.
  if (names.size === 0 && answered) names.add("unavailable_tool");
  return [...names];
}

/** A tool the history names that this run cannot call: declared so the history stays valid, marked unavailable. */
export function retiredTool(name: string): BedrockTool {
  return {
    toolSpec: {
      name,
      description: "No longer available. Do not call it.",
      inputSchema: { json: { type: "object", properties: {} } } as ToolInputSchema,
    },
  };
}

/**
 * A tool as Bedrock's `toolConfig` lists it. Made once per tool and shared by every request that offers it
 * (nothing on the way to Bedrock changes a request), instead of three objects per tool per step.
 */
export function toBedrockTool(tool: AnyTool): BedrockTool {
  let spec = specs.get(tool);
  if (!spec) {
    spec = {
      toolSpec: {
        name: tool.name,
        description: tool.description,
        inputSchema: { json: tool.inputSchema } as ToolInputSchema,
        ...(tool.strict !== undefined ? { strict: tool.strict } : {}),
      },
    };
    specs.set(tool, spec);
  }
  return spec;
}
const specs = new WeakMap<AnyTool, BedrockTool>();

function systemBlocks(system: string | SystemContentBlock[] | undefined): SystemContentBlock[] {
  if (system === undefined) return [];
  if (typeof system === "string") return system.trim() === "" ? [] : [{ text: system }];
  return system;
}

/** A cache point at the end of the last message, so the whole prefix can be read from the cache next time. */
function withHistoryCachePoint(messages: Message[], point: ContentBlock | undefined): Message[] {
  const last = messages.at(-1);
  if (!last || !point) return messages;
  const content: ContentBlock[] = [...(last.content ?? []), point];
  return [...messages.slice(0, -1), { ...last, content }];
}
