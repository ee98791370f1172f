import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { mcpTools } from "@lode/tools/mcp";
import { DEFAULT_INHERITED_ENV_VARS } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterEach, describe, expect, test } from "vitest";
import { resultText, scriptedAgentPerTest, scriptOf, toolResultsSent } from "../support/scripted-agent.js";

const README = new URL("../../packages/tools/README.md", import.meta.url);
const SERVER = fileURLToPath(new URL("./support/environment-server.ts", import.meta.url));

const startAgent = scriptedAgentPerTest();
const saved = { ...process.env };
afterEach(() => {
  for (const name of ["AWS_REGION", "LODE_TEST_SECRET"]) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

describe("a stdio MCP server's environment", () => {
  test("names in the tools README the variables a stdio server inherits, as the MCP SDK has them", async () => {
    const readme = await readFile(README, "utf8");
    const listed = /`getDefaultEnvironment\(\)`: ([^;]+);/.exec(readme)?.[1];
    expect(listed, "the README names getDefaultEnvironment()'s variables").toBeDefined();
    const names = [...(listed ?? "").matchAll(/`([A-Z_]+)`/g)].map((found) => found[1]);
    if (process.platform !== "win32") expect(names.sort()).toEqual([...DEFAULT_INHERITED_ENV_VARS].sort());
  });

  test("starts a server with the SDK's default environment and the env given, not process.env", async () => {
    process.env.AWS_REGION = "eu-west-3";
    process.env.LODE_TEST_SECRET = "not for the server";
    const tools = mcpTools({
      name: "env",
      server: {
        command: process.execPath,
        args: ["--import", "tsx", SERVER],
        env: { AWS_REGION: process.env.AWS_REGION },
      },
    });
    const harness = await startAgent(
      scriptOf({ content: [{ toolUse: { name: "environment", input: {}, id: "e1" } }] }, { text: "Seen." }),
      { tools: [tools] },
    );
    try {
      expect((await harness.agent.run("What do you see?")).text).toBe("Seen.");
      const seen: string[] = JSON.parse(resultText(toolResultsSent(harness.server, 1)[0]!));
      expect(seen).toContain("AWS_REGION");
      expect(seen).toContain("PATH");
      expect(seen).not.toContain("LODE_TEST_SECRET");
    } finally {
      await harness.agent.close();
    }
  }, 30_000);
});
