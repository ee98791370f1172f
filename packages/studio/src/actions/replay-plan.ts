import type {
  Tool as BedrockTool,
  ContentBlock,
  ConverseStreamRequest,
  Message,
} from "@aws-sdk/client-bedrock-runtime";
import {
  type AgentOptions,
  type CachePointSetting,
  type ObjectJsonSchema,
  parseWithBytes,
  type RequestSettings,
  stringifyWithBytes,
  type ToolCallAnswer,
} from "@lode/core";
import type { RunRecord } from "../protocol/run-record.js";
import type { SavableStep } from "./savable-run.js";

/** The request fields an agent's settings send as they are (core's pass-through settings). */
const PASS_THROUGH = {
  inferenceConfig: true,
  additionalModelRequestFields: true,
  additionalModelResponseFieldPaths: true,
  requestMetadata: true,
  performanceConfig: true,
  serviceTier: true,
  promptVariables: true,
  outputConfig: true,
  guardrailConfig: true,
} as const satisfies Partial<Record<keyof RequestSettings & keyof ConverseStreamRequest, true>>;

/** A tool the recorded run offered, and what each of its calls answered, in order. */
export interface RecordedTool {
  name: string;
  description: string;
  inputSchema: ObjectJsonSchema;
  strict?: boolean;
  answers: ToolCallAnswer[];
}

/** The options of the agent that made the run, as far as its requests tell them (plain data: no tools). */
export type RebuiltOptions = Pick<
  AgentOptions,
  "modelId" | "name" | "system" | "maxSteps" | keyof RequestSettings
>;

/** Everything needed to run the recorded run again, and to check that it went the same way. */
export interface ReplayPlan {
  runId: string;
  name: string;
  options: RebuiltOptions;
  tools: RecordedTool[];
  /** The first request's messages: the run's input (and any session history it continued). */
  input: Message[];
  /** The tool calls the model asked for, in order. */
  calls: { name: string; input: unknown }[];
  text: string;
  stopReason: string | undefined;
}

/** Rebuilds the agent's settings and tools from the run's first request, and the tools' answers from the rest. */
export function replayPlan(record: RunRecord, steps: SavableStep[]): ReplayPlan {
  // Bytes that came through JSON as `{ $bytes }` become bytes again, as the SDK wants them.
  const revived = parseWithBytes(stringifyWithBytes(steps)) as SavableStep[];
  const first = (revived[0] as SavableStep).request;
  const options: RebuiltOptions = { modelId: first.modelId ?? "" };
  if (/^[A-Za-z0-9_-]{1,64}$/.test(record.name)) options.name = record.name;
  if (first.system) options.system = first.system;
  for (const key of Object.keys(PASS_THROUGH) as (keyof typeof PASS_THROUGH)[])
    if (first[key] !== undefined) Object.assign(options, { [key]: first[key] });
  const { tools, systemTools, toolsCachePoint } = splitTools(first.toolConfig?.tools ?? []);
  if (systemTools.length > 0) options.systemTools = systemTools;
  if (first.toolConfig?.toolChoice) options.toolChoice = first.toolConfig.toolChoice;
  const { messages, historyCachePoint } = withoutHistoryCachePoint(first.messages ?? []);
  if (toolsCachePoint !== undefined || historyCachePoint !== undefined)
    options.cachePoints = {
      ...(toolsCachePoint !== undefined ? { tools: toolsCachePoint } : {}),
      ...(historyCachePoint !== undefined ? { history: historyCachePoint } : {}),
    };
  if (record.stopReason === "max_steps" || revived.length > 20) options.maxSteps = revived.length;
  const calls = toolUses(revived);
  for (const call of calls) {
    const tool = tools.find((candidate) => candidate.name === call.name);
    if (!tool)
      throw new Error(
        `This run cannot be replayed: it called ${call.name}, a tool its first request did not offer.`,
      );
    tool.answers.push(answerOf(call.toolUseId, call.resultIn, record));
  }
  return {
    runId: record.id,
    name: record.name,
    options,
    tools,
    input: messages,
    calls: calls.map(({ name, input }) => ({ name, input })),
    text: record.text ?? answerText(revived.at(-1)?.answer.message),
    stopReason: record.stopReason,
  };
}

function splitTools(entries: BedrockTool[]) {
  const tools: RecordedTool[] = [];
  const systemTools: string[] = [];
  let toolsCachePoint: CachePointSetting | undefined;
  for (const entry of entries) {
    if (entry.toolSpec) {
      const { name = "", description = "", inputSchema, strict } = entry.toolSpec;
      tools.push({
        name,
        description,
        inputSchema: (inputSchema?.json ?? { type: "object" }) as ObjectJsonSchema,
        ...(strict !== undefined ? { strict } : {}),
        answers: [],
      });
    } else if (entry.systemTool?.name) systemTools.push(entry.systemTool.name);
    else if (entry.cachePoint) toolsCachePoint = entry.cachePoint.ttl ? { ttl: entry.cachePoint.ttl } : true;
  }
  return { tools, systemTools, toolsCachePoint };
}

/** The messages without the cache point core puts at the end of the history, and that cache point's setting. */
function withoutHistoryCachePoint(messages: Message[]): {
  messages: Message[];
  historyCachePoint: CachePointSetting | undefined;
} {
  const last = messages.at(-1);
  const point = last?.content?.at(-1)?.cachePoint;
  if (!last || !point) return { messages, historyCachePoint: undefined };
  return {
    messages: [...messages.slice(0, -1), { ...last, content: (last.content as ContentBlock[]).slice(0, -1) }],
    historyCachePoint: point.ttl ? { ttl: point.ttl } : true,
  };
}

/** Each client tool use of each answer, with the request that carried its result (the next step's). */
function toolUses(steps: SavableStep[]) {
  return steps.flatMap((step, index) =>
    (step.answer.message.content ?? []).flatMap((block) =>
      block.toolUse && block.toolUse.type !== "server_tool_use"
        ? [
            {
              name: block.toolUse.name ?? "",
              toolUseId: block.toolUse.toolUseId ?? "",
              input: block.toolUse.input,
              resultIn: steps[index + 1]?.request,
            },
          ]
        : [],
    ),
  );
}

/** What a call answered: its `toolResult` in the next request (exactly what the model read), else the run's record. */
function answerOf(
  toolUseId: string,
  next: ConverseStreamRequest | undefined,
  record: RunRecord,
): ToolCallAnswer {
  for (const message of next?.messages ?? [])
    for (const block of message.content ?? [])
      if (block.toolResult?.toolUseId === toolUseId)
        return { status: block.toolResult.status ?? "success", content: block.toolResult.content ?? [] };
  const call = record.calls.find((candidate) => candidate.toolUseId === toolUseId);
  if (call?.content && (call.status === "success" || call.status === "error"))
    return { status: call.status, content: call.content };
  throw new Error(`This run cannot be replayed: the result of tool call ${toolUseId} was not recorded.`);
}

function answerText(message: Message | undefined): string {
  return (message?.content ?? []).map((block) => block.text ?? "").join("");
}
