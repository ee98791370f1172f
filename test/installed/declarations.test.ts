import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { createUserProject, type UserProject } from "./support/user-project.js";

const execFileAsync = promisify(execFile);

const ENTRY_POINTS = [
  "@lode/core",
  "@lode/core/client",
  "@lode/tools",
  "@lode/memory",
  "@lode/otel",
  "@lode/durable",
  "@lode/graph",
  "@lode/a2a",
  "@lode/studio",
  "@lode/testing",
  "@lode/testing/vitest",
  "@lode/bedrock-local",
];

/** A user's program that touches a little of each entry point's types. */
const PROGRAM = `
${ENTRY_POINTS.map((entry, index) => `import * as entry${index} from "${entry}";`).join("\n")}
import { Agent, LodeError, type AgentEvent, type RunResult } from "@lode/core";
import { defineTool } from "@lode/tools";
import { z } from "zod";

const weather = defineTool({
  name: "get_weather",
  description: "Weather in a city",
  input: z.object({ city: z.string() }),
  run: async ({ city }) => ({ city, tempC: 21 }),
});
const agent = new Agent({ modelId: "us.anthropic.claude-sonnet-4-5-20250929-v1:0", tools: [weather] });
export async function answer(question: string): Promise<string> {
  const seen: AgentEvent["type"][] = [];
  for await (const event of agent.stream(question)) seen.push(event.type);
  const result: RunResult = await agent.run(question);
  return result.text;
}
export const isLode = (error: unknown) => LodeError.isInstance(error) && error.code === "throttled";
export const entries = [${ENTRY_POINTS.map((_, index) => `entry${index}`).join(", ")}];
`;

const MCP_PROGRAM = `
import { createMcpServer, mcpTools } from "@lode/tools/mcp";
export const server = createMcpServer({ name: "weather", version: "1.0.0", tools: [] });
export const tools = mcpTools({ name: "files", server: { command: "node", args: ["server.js"] } });
`;

/** Strict, declarations of every dependency checked (`skipLibCheck` off), at ES2022. */
function tsconfig(options: { module: string; moduleResolution: string; lib: string[]; file: string }) {
  return JSON.stringify({
    compilerOptions: {
      target: "ES2022",
      lib: options.lib,
      module: options.module,
      moduleResolution: options.moduleResolution,
      strict: true,
      skipLibCheck: false,
      noEmit: true,
      types: ["node"],
    },
    files: [options.file],
  });
}

let project: UserProject;
beforeAll(async () => {
  project = await createUserProject({
    packsDir: inject("packsDir"),
    lode: [
      "@lode/core",
      "@lode/tools",
      "@lode/memory",
      "@lode/otel",
      "@lode/durable",
      "@lode/graph",
      "@lode/a2a",
      "@lode/studio",
      "@lode/testing",
      "@lode/bedrock-local",
    ],
    dependencies: {
      zod: "^4.6.7",
      "@opentelemetry/api": "^1.9.0",
      vitest: "~4.1.12",
      typescript: "~5.9.3",
      "@types/node": "^20.19.0",
    },
  });
  await project.write("program.ts", PROGRAM);
  await project.write("mcp-program.ts", MCP_PROGRAM);
});
afterAll(() => project?.remove());

/** Runs the project's own tsc on a tsconfig; resolves to its output (empty when it type-checks). */
async function typeCheck(config: string): Promise<string> {
  await project.write("tsconfig.check.json", config);
  try {
    await execFileAsync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.check.json"], {
      cwd: project.dir,
    });
    return "";
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? error);
  }
}

describe("Lode's declarations in a user's TypeScript project (strict, skipLibCheck off, ES2022)", () => {
  test.each([
    { module: "NodeNext", moduleResolution: "NodeNext" },
    { module: "ESNext", moduleResolution: "Bundler" },
  ])("type-check with moduleResolution $moduleResolution", async (resolution) => {
    const output = await typeCheck(tsconfig({ ...resolution, lib: ["ES2022"], file: "program.ts" }));
    expect(output).toBe("");
  });

  // The MCP SDK's own declarations name the DOM's HeadersInit, so its entry point needs "DOM" in lib.
  test("type-check @lode/tools/mcp with the DOM lib the MCP SDK's declarations need", async () => {
    const config = { module: "NodeNext", moduleResolution: "NodeNext", file: "mcp-program.ts" };
    expect(await typeCheck(tsconfig({ ...config, lib: ["ES2022", "DOM"] }))).toBe("");
  });
});
