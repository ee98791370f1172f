import { stringifyWithBytes } from "@lode/core";
import type { ReplayPlan } from "./replay-plan.js";

/**
 * The vitest file of a saved run: it replays `recordingsFolder` (relative to the test file) strictly,
 * rebuilds the agent from the recorded first request with each tool answering its recorded results, runs
 * it with the recorded input and checks the tool calls, the final text and the stop reason.
 */
export function testSource(plan: ReplayPlan, recordingsFolder: string): string {
  const usesBytes = [plan.options, plan.tools, plan.input].some((value) =>
    stringifyWithBytes(value).includes('"$bytes"'),
  );
  const options = Object.entries(plan.options)
    .map(([key, value]) => `    ${key}: ${literal(key === "system" ? systemSource(value) : value, "    ")},`)
    .join("\n");
  const tools = plan.tools
    .map((tool) => {
      const { answers: _answers, ...spec } = tool;
      return `  ${literal(spec, "  ")},`;
    })
    .join("\n");
  const answers = plan.tools.map((tool) => `  ${JSON.stringify(tool.name)}: ${literal(tool.answers, "  ")},`);
  return `// Saved by Lode Studio from run ${plan.runId} (${JSON.stringify(plan.name)}). It replays the run's model calls from
// ${recordingsFolder}/ with strict matching: a change to what the agent sends (the system prompt, a tool, a
// setting, a tool's result) fails the test with where the request differs from the recorded one.
import { fileURLToPath } from "node:url";
import { Agent, ${usesBytes ? "parseWithBytes, " : ""}type ObjectJsonSchema, type Tool, type ToolCallAnswer } from "@lode/core";
import { type BedrockFixture, assertTrajectory, startBedrockFixture } from "@lode/testing";
import { afterAll, beforeAll, expect, test } from "vitest";

const recordings = fileURLToPath(new URL(${JSON.stringify(`./${recordingsFolder}`)}, import.meta.url));

/** The tools the recorded run offered, as its first request declared them. */
const toolSpecs: { name: string; description: string; inputSchema: ObjectJsonSchema; strict?: boolean }[] = [
${tools}
];

/** What each tool answered in the recorded run, call by call. */
const recordedAnswers: Record<string, ToolCallAnswer[]> = {
${answers.join("\n")}
};

/** Calls the recorded run did not make. */
const unexpectedCalls: string[] = [];

/** A tool that answers its recorded results in order. */
function recordedTool(spec: (typeof toolSpecs)[number]): Tool {
  const answers = [...(recordedAnswers[spec.name] ?? [])];
  return {
    ...spec,
    validate: (input) => ({ success: true, value: input }),
    run: async (input) => {
      const answer = answers.shift();
      if (answer) return answer;
      unexpectedCalls.push(\`\${spec.name}(\${JSON.stringify(input)})\`);
      throw new Error(\`\${spec.name} was called once more than in the recorded run.\`);
    },
  };
}

let bedrock: BedrockFixture;
beforeAll(async () => {
  bedrock = await startBedrockFixture({ recordings, mode: "replay" });
});
afterAll(async () => {
  await bedrock?.close();
});

test(${JSON.stringify(`${plan.name} replays run ${plan.runId}`)}, async () => {
  const agent = new Agent({
    client: bedrock.client,
${options}
    tools: toolSpecs.map(recordedTool),
  });
  const result = await agent.run(${inputSource(plan)});
  expect(unexpectedCalls).toEqual([]);
  assertTrajectory(result, ${literal(plan.calls, "  ")});
  expect(result.text).toBe(${JSON.stringify(plan.text)});
${plan.stopReason ? `  expect(result.stopReason).toBe(${JSON.stringify(plan.stopReason)});\n` : ""}});
`;
}

/** The system prompt as a string when it was one text block (the agent sends a string as exactly that). */
function systemSource(system: unknown): unknown {
  if (!Array.isArray(system) || system.length !== 1) return system;
  const [block] = system as { text?: unknown }[];
  return block &&
    Object.keys(block).length === 1 &&
    typeof block.text === "string" &&
    block.text.trim() !== ""
    ? block.text
    : system;
}

/** The run's input: a prompt when it was one user text, else its messages. */
function inputSource(plan: ReplayPlan): string {
  const [only, ...rest] = plan.input;
  const text = only?.role === "user" && only.content?.length === 1 ? only.content[0]?.text : undefined;
  return rest.length === 0 && text !== undefined ? JSON.stringify(text) : literal(plan.input, "  ");
}

/** `value` as TypeScript source, indented to sit at `indent`; bytes through core's `parseWithBytes`. */
function literal(value: unknown, indent: string): string {
  const json = stringifyWithBytes(value);
  if (json.includes('"$bytes"')) return `parseWithBytes(${JSON.stringify(json)})`;
  // Keys that are identifiers unquoted, as a person writes them (in pretty JSON every key starts a line).
  return JSON.stringify(JSON.parse(json), null, 2)
    .replace(/^(\s*)"([A-Za-z_$][\w$]*)": /gm, "$1$2: ")
    .replaceAll("\n", `\n${indent}`);
}
