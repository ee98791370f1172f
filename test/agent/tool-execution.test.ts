import type { AgentEvent } from "@lode/core";
import { defineTool } from "@lode/tools";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import {
  collectEvents,
  deferred,
  eventsOfType,
  lodeErrorOf,
  resultText,
  scriptedAgentPerTest,
  scriptOf,
  toolResultsSent,
} from "../support/scripted-agent.js";
import { waitingTool } from "../support/waiting-tool.js";

const startAgent = scriptedAgentPerTest();

/** One step that calls `name` once per input (ids tu_1, tu_2, …), then a closing text. */
function callsScript(name: string, inputs: object[]) {
  return scriptOf(
    { content: inputs.map((input, index) => ({ toolUse: { name, input, id: `tu_${index + 1}` } })) },
    { text: "All done." },
  );
}

describe("running tools", () => {
  test("answers tool uses in their order even when a later one finishes first", async () => {
    const secondFinished = deferred();
    const finished: string[] = [];
    const fetchPage = defineTool({
      name: "fetch_page",
      description: "Fetches a page.",
      input: z.object({ page: z.string() }),
      run: async ({ page }) => {
        // The first call waits for the second to finish, so the second always finishes first.
        if (page === "slow") await secondFinished.promise;
        finished.push(page);
        if (page === "fast") secondFinished.resolve();
        return `content of ${page}`;
      },
    });
    const harness = await startAgent(callsScript("fetch_page", [{ page: "slow" }, { page: "fast" }]), {
      tools: [fetchPage],
    });
    const stream = harness.agent.stream("Fetch both.");
    const events = await collectEvents(stream);
    const result = await stream.result;

    expect(finished).toEqual(["fast", "slow"]);
    expect(eventsOfType(events, "tool-result").map((event) => event.toolUseId)).toEqual(["tu_2", "tu_1"]);
    expect(toolResultsSent(harness.server, 1).map((item) => [item.toolUseId, resultText(item)])).toEqual([
      ["tu_1", "content of slow"],
      ["tu_2", "content of fast"],
    ]);
    expect(result.toolCalls.map((call) => call.toolUseId)).toEqual(["tu_1", "tu_2"]);
  });

  test("runs the tool uses of a step at once by default", async () => {
    const allStarted = deferred();
    let started = 0;
    const gather = defineTool({
      name: "gather",
      description: "Gathers.",
      input: z.object({ n: z.number() }),
      run: async ({ n }) => {
        // Finishes only once all three calls are running: would never finish one at a time.
        if (++started === 3) allStarted.resolve();
        await allStarted.promise;
        return `gathered ${n}`;
      },
    });
    const harness = await startAgent(callsScript("gather", [{ n: 1 }, { n: 2 }, { n: 3 }]), {
      tools: [gather],
    });
    const result = await harness.agent.run("Gather.");

    expect(result.toolCalls.map((call) => call.status)).toEqual(["success", "success", "success"]);
  });

  test("never runs more tools at once than toolConcurrency allows", async () => {
    let running = 0;
    let mostAtOnce = 0;
    const work = defineTool({
      name: "work",
      description: "Works.",
      input: z.object({ n: z.number() }),
      run: async ({ n }) => {
        running++;
        mostAtOnce = Math.max(mostAtOnce, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running--;
        return `worked ${n}`;
      },
    });
    const harness = await startAgent(callsScript("work", [{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }]), {
      tools: [work],
      toolConcurrency: 1,
    });
    const result = await harness.agent.run("Work.");

    expect(mostAtOnce).toBe(1);
    expect(result.toolCalls.map((call) => call.status)).toEqual(["success", "success", "success", "success"]);
  });

  test("answers a tool that outlives its timeout with an error and aborts its signal", async () => {
    const slow = waitingTool({ name: "slow" });
    const harness = await startAgent(callsScript("slow", [{}]), { tools: [slow.tool], toolTimeoutMs: 50 });
    const result = await harness.agent.run("Go slowly.");

    expect(slow.saw()).toBe("aborted");
    const [sent] = toolResultsSent(harness.server, 1);
    expect(sent?.status).toBe("error");
    expect(resultText(sent ?? {})).toMatch(/timed out after 50 ms/);
    expect(result.text).toBe("All done.");
  });

  test("lets a tool's own timeoutMs replace the agent's", async () => {
    const slow = waitingTool({ name: "slow", timeoutMs: 30 });
    const harness = await startAgent(callsScript("slow", [{}]), {
      tools: [slow.tool],
      toolTimeoutMs: 60_000,
    });
    await harness.agent.run("Go slowly.");

    expect(resultText(toolResultsSent(harness.server, 1)[0] ?? {})).toMatch(/timed out after 30 ms/);
  });

  test("passes the run's abort signal to the tool", async () => {
    const controller = new AbortController();
    const wait = waitingTool({ beforeWaiting: () => controller.abort() });
    const harness = await startAgent(callsScript("wait", [{}]), { tools: [wait.tool] });
    const error = await lodeErrorOf(harness.agent.run("Wait.", { signal: controller.signal }));

    expect(wait.saw()).toBe("aborted");
    expect(error.code).toBe("aborted");
    expect(harness.server.requests).toHaveLength(1);
  });

  test("gives the tool its call's id, run id, step and session", async () => {
    const seen: unknown[] = [];
    const probe = defineTool({
      name: "probe",
      description: "Probes.",
      input: z.object({}),
      run: (_input, context) => {
        seen.push({
          toolUseId: context.toolUseId,
          runId: context.runId,
          step: context.step,
          sessionId: context.sessionId,
        });
        return "ok";
      },
    });
    const harness = await startAgent(callsScript("probe", [{}]), { tools: [probe] });
    const result = await harness.agent.run("Probe.", { sessionId: "session-1" });

    expect(seen).toEqual([{ toolUseId: "tu_1", runId: result.runId, step: 1, sessionId: "session-1" }]);
  });

  test("emits a tool-progress event for each progress report", async () => {
    const steps = defineTool({
      name: "steps",
      description: "Reports progress.",
      input: z.object({}),
      run: (_input, context) => {
        context.progress({ done: 1, of: 2 });
        context.progress({ done: 2, of: 2 });
        return "ok";
      },
    });
    const harness = await startAgent(callsScript("steps", [{}]), { tools: [steps] });
    const progress: unknown[] = [];
    harness.agent.on("tool-progress", (event) => progress.push(event.data));
    const events: AgentEvent[] = await collectEvents(harness.agent.stream("Go."));

    expect(progress).toEqual([
      { done: 1, of: 2 },
      { done: 2, of: 2 },
    ]);
    const types = events.map((event) => event.type);
    expect(types.indexOf("tool-progress")).toBeGreaterThan(types.indexOf("tool-call"));
    expect(types.lastIndexOf("tool-progress")).toBeLessThan(types.indexOf("tool-result"));
    expect(events.find((event) => event.type === "tool-progress")).toMatchObject({
      toolUseId: "tu_1",
      step: 1,
    });
  });
});
