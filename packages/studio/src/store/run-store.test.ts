import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { LiveUpdate } from "../protocol/api.js";
import type { Report } from "../protocol/reports.js";
import { RunStore } from "./run-store.js";
import { cost, event, MODEL, runStart, twoStepJob, usage } from "./sample-reports.test-support.js";

describe("RunStore folding", () => {
  test("a two-step job: steps, calls, usage, per-step cost, the end", () => {
    const store = new RunStore();
    store.ingest(twoStepJob("r1"), "client-a");
    const run = store.get("r1");
    expect(run).toMatchObject({
      id: "r1",
      kind: "agent",
      name: "desk",
      clientId: "client-a",
      status: "done",
      stopReason: "end_turn",
      modelCalls: 2,
      toolCalls: 1,
      usage: usage(300, 30),
      cost: cost(0.003),
      text: "Sunny.",
      preview: "What's the weather in Lisbon?",
      endedAt: 10,
      waiting: 0,
    });
    expect(
      run?.steps.map((step) => [step.step, step.firstChunkAt, step.answer?.stopReason, step.cost?.total]),
    ).toEqual([
      [1, 3, "tool_use", 0.001],
      [2, undefined, "end_turn", 0.002],
    ]);
    expect(run?.steps[1]?.retries).toEqual([
      { at: 8, attempt: 1, delayMs: 5, code: "throttled", message: "slow down" },
    ]);
    expect(run?.calls).toEqual([
      {
        step: 1,
        toolUseId: "r1-t1",
        toolName: "weather",
        agentPath: ["desk"],
        input: { city: "Lisbon" },
        startedAt: 5,
        endedAt: 6,
        status: "success",
        content: [{ text: "21C" }],
      },
    ]);
  });

  test("requests share what they repeat: the history within a run, the system prompt across runs", () => {
    const store = new RunStore();
    const withSystem = (reports: Report[]) =>
      reports.map((report) =>
        report.kind === "model-call-start"
          ? { ...report, request: { ...report.request, system: [{ text: "Be brief." }] } }
          : report,
      );
    store.ingest(withSystem(twoStepJob("a")), "c");
    store.ingest(withSystem(twoStepJob("b")), "c");
    const [first, second] = store.get("a")?.steps ?? [];
    expect(second?.request?.messages?.[0]).toBe(first?.request?.messages?.[0]);
    expect(store.get("b")?.steps[0]?.request?.system).toBe(first?.request?.system);
    expect(second?.request).toEqual({
      modelId: MODEL,
      system: [{ text: "Be brief." }],
      messages: first?.request?.messages,
    });
  });

  test("counts a step's usage once while running, though its model call and its step-end both tell it", () => {
    const store = new RunStore();
    store.ingest(twoStepJob("r1").slice(0, 6), "c");
    expect(store.get("r1")?.usage.inputTokens).toBe(100);
  });

  test("a sub-agent's run joins its caller's children and its tool call", () => {
    const store = new RunStore();
    const reports = twoStepJob("parent").slice(0, 7);
    store.ingest(reports, "c");
    store.ingest(
      [runStart("child", { parent: { runId: "parent", toolUseId: "parent-t1", agentPath: ["desk"] } })],
      "c",
    );
    expect(store.get("parent")?.children).toEqual(["child"]);
    expect(store.get("parent")?.calls[0]?.childRunId).toBe("child");
    expect(store.list({ topLevel: true }).runs.map((run) => run.id)).toEqual(["parent"]);
  });

  test("a run awaiting approval, then the run that resumes it", () => {
    const store = new RunStore();
    const pending = [{ toolUseId: "t9", toolName: "refund", input: { amount: 500 } }];
    store.ingest(
      [
        runStart("paused"),
        event("paused", {
          type: "approval-requested",
          step: 1,
          toolUseId: "t9",
          toolName: "refund",
          input: {},
        }),
        event("paused", {
          type: "run-end",
          result: {
            text: "",
            stopReason: "awaiting_approval",
            usage: usage(1, 1),
            pendingApprovals: pending,
            steps: [],
          },
        }),
      ],
      "c",
    );
    expect(store.get("paused")).toMatchObject({
      status: "awaiting_approval",
      waiting: 1,
      pendingApprovals: pending,
    });
    expect(store.get("paused")?.marks).toEqual([
      { kind: "approval-requested", at: 0, step: 1, toolUseId: "t9", toolName: "refund" },
    ]);
    store.ingest([runStart("next"), event("next", { type: "run-start", input: [], resumes: "paused" })], "c");
    expect(store.get("next")?.resumes).toBe("paused");
    expect(store.get("paused")).toMatchObject({ resumedBy: "next", waiting: 0 });
  });

  test("handoffs, warnings and guardrails", () => {
    const store = new RunStore();
    const intervention = { origin: "model", side: "output", action: "masked", policies: [], findings: [] };
    store.ingest(
      [
        ...twoStepJob("r").slice(0, 5),
        event("r", { type: "handoff", step: 1, toolUseId: "h", from: "desk", to: "billing" }),
        event("r", { type: "warning", step: 1, source: "mcp", message: "a tool left out" }),
        event("r", { type: "guardrail", step: 1, intervention }),
        { kind: "model-call-start", at: 7, runId: "r", step: 2, request: { modelId: "other", messages: [] } },
        event("r", { type: "run-error", step: 2, code: "aborted", message: "stopped", error: {} }),
      ],
      "c",
    );
    const run = store.get("r");
    expect(run?.marks.map((mark) => mark.kind)).toEqual(["handoff", "warning"]);
    expect(run?.steps[0]?.guardrail).toEqual([intervention]);
    expect(run?.steps[1]).toMatchObject({ agentPath: ["billing"], modelId: "other" });
    expect(run).toMatchObject({ status: "failed", error: { code: "aborted", message: "stopped" } });
  });

  test("a graph's run: its drawing, its tasks, its pause", () => {
    const store = new RunStore();
    const progress = (at: number, p: Record<string, unknown>): Report =>
      ({ kind: "graph-progress", at, runId: "g", progress: { runId: "g", ...p } }) as Report;
    store.ingest(
      [
        {
          kind: "graph-start",
          at: 1,
          runId: "g",
          graph: "desk",
          sessionId: undefined,
          mermaid: "flowchart TD",
          resumed: false,
        },
        progress(2, { type: "node-start", step: 1, node: "triage", taskId: "t1" }),
        progress(3, {
          type: "node-end",
          step: 1,
          node: "triage",
          taskId: "t1",
          status: "paused",
          durationMs: 1,
        }),
        progress(4, { type: "graph-end", step: 1, status: "paused" }),
      ],
      "c",
    );
    expect(store.get("g")).toMatchObject({
      kind: "graph",
      name: "desk",
      status: "paused",
      graph: {
        mermaid: "flowchart TD",
        tasks: [{ taskId: "t1", node: "triage", status: "paused", startedAt: 2, endedAt: 3 }],
      },
    });
    expect(store.list({ kind: "graph" }).total).toBe(1);
  });

  test("ignores reports of unknown runs, and garbage", () => {
    const store = new RunStore();
    const garbage = [null, 7, { kind: "model-call-end" }, { kind: "event" }, { kind: "event", event: null }];
    store.ingest([...twoStepJob("gone").slice(2), ...(garbage as unknown as Report[])], "c");
    store.ingest([runStart("r"), { kind: "tool-end", runId: "r" } as unknown as Report], "c");
    expect(store.list().runs.map((run) => run.id)).toEqual(["r"]);
  });
});

test("reports of any shape leave the store readable", () => {
  const kinds = [
    "run-start",
    "model-call-start",
    "first-chunk",
    "model-retry",
    "model-call-end",
    "tool-start",
    "tool-end",
    "event",
    "graph-start",
    "graph-progress",
  ];
  const report = fc.record(
    {
      kind: fc.constantFrom(...kinds),
      runId: fc.constantFrom("r", "g", "other"),
      step: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.anything()),
      toolUseId: fc.oneof(fc.constant("t"), fc.anything()),
      outcome: fc.anything(),
      event: fc.oneof(
        fc.anything(),
        fc.record({ type: fc.string(), runId: fc.constant("r"), step: fc.anything() }),
      ),
      progress: fc.anything(),
      request: fc.anything(),
      parent: fc.anything(),
    },
    { requiredKeys: ["kind"] },
  );
  fc.assert(
    fc.property(fc.array(report, { maxLength: 30 }), (reports) => {
      const store = new RunStore({ maxRuns: 2 });
      store.ingest(twoStepJob("r").slice(0, 3), "c");
      store.ingest(reports as unknown as Report[], "c");
      for (const run of store.list().runs) expect(() => JSON.stringify(store.get(run.id))).not.toThrow();
    }),
    { seed: 30, numRuns: 300 },
  );
});

describe("RunStore bounds and lists", () => {
  test("keeps maxRuns runs, dropping the oldest whole; clear empties it", () => {
    const store = new RunStore({ maxRuns: 3 });
    const updates: LiveUpdate[] = [];
    store.onChange((update) => updates.push(update));
    for (const id of ["a", "b", "c", "d"]) store.ingest(twoStepJob(id), "c");
    expect(store.list().runs.map((run) => run.id)).toEqual(["d", "c", "b"]);
    expect(store.get("a")).toBeUndefined();
    expect(updates).toHaveLength(4);
    store.clear();
    expect(store.list()).toEqual({ runs: [], total: 0, kept: 0 });
    expect(updates.at(-1)).toEqual({ type: "cleared" });
  });

  test("filters by text, status and kind, and pages newest first", () => {
    const store = new RunStore();
    for (let index = 0; index < 10; index++) {
      store.ingest(twoStepJob(`r${index}`, index % 2 ? "Weather in Oslo?" : "Weather in Lisbon?"), "c");
    }
    store.ingest([runStart("live")], "c");
    expect(store.list({ q: "OSLO" }).runs.map((run) => run.id)).toEqual(["r9", "r7", "r5", "r3", "r1"]);
    expect(store.list({ status: "running" }).runs.map((run) => run.id)).toEqual(["live"]);
    const first = store.list({ limit: 4 });
    expect(first).toMatchObject({ total: 11, kept: 11 });
    expect(first.runs.map((run) => run.id)).toEqual(["live", "r9", "r8", "r7"]);
    const next = store.list({ limit: 4, before: "r7" });
    expect(next.runs.map((run) => run.id)).toEqual(["r6", "r5", "r4", "r3"]);
    expect(next.runs[0]).not.toHaveProperty("steps");
  });

  test("a run is resumable only while its process listens", () => {
    const listening = new Set<string>();
    const store = new RunStore({ isListening: (client) => listening.has(client) });
    store.ingest([runStart("r")], "c");
    expect(store.get("r")?.resumable).toBe(false);
    listening.add("c");
    expect(store.list().runs[0]?.resumable).toBe(true);
  });
});
