import { type ApprovalVerdict, InMemoryConversationStore } from "@lode/core";
import { describe, expect, test } from "vitest";
import {
  collectEvents,
  eventsOfType,
  lodeErrorOf,
  type RequestBody,
  requestBody,
  resultText,
  scriptedAgentPerTest,
  scriptOf,
  toolResultsSent,
} from "../support/scripted-agent.js";
import { TRIP_CALLS, TWO_APPROVALS, tripTools } from "./support/trip-tools.js";

const startAgent = scriptedAgentPerTest();

/** The toolResult statuses a request carried, by toolUseId. */
function statuses(results: RequestBody[]) {
  return Object.fromEntries(results.map((result) => [result.toolUseId, result.status]));
}

/** The text of the toolResult a request carried for `toolUseId`. */
function resultTextOf(results: RequestBody[], toolUseId: string): string {
  const result = results.find((item) => item.toolUseId === toolUseId);
  return result ? resultText(result) : "";
}

describe("approval in one process", () => {
  test("runs an approved call, answers a denied one with its reason, and runs calls needing none at once", async () => {
    const trip = tripTools();
    const asked: string[] = [];
    const harness = await startAgent(scriptOf(TWO_APPROVALS, { text: "Oslo is booked; Lima was refused." }), {
      tools: trip.tools,
      approver: async (request): Promise<ApprovalVerdict> => {
        asked.push(request.toolUseId);
        return request.toolUseId === "tu_oslo"
          ? { approved: true }
          : { approved: false, reason: "Too expensive." };
      },
    });
    const stream = harness.agent.stream("Book Oslo and Lima.");
    const events = await collectEvents(stream);
    const result = await stream.result;

    expect(result.stopReason).toBe("end_turn");
    expect(asked.sort()).toEqual(["tu_lima", "tu_oslo"]);
    expect(trip.booked).toEqual([{ city: "Oslo", price: 250 }]);
    expect(trip.weatherCalls).toEqual(["Oslo"]);
    const results = toolResultsSent(harness.server, 1);
    expect(statuses(results)).toEqual({ tu_oslo: "success", tu_lima: "error", tu_weather: "success" });
    expect(resultTextOf(results, "tu_lima")).toContain("Too expensive.");
    expect(eventsOfType(events, "approval-requested").map((event) => event.toolUseId)).toEqual([
      "tu_oslo",
      "tu_lima",
    ]);
    expect(
      eventsOfType(events, "approval-decided").map((event) => [
        event.toolUseId,
        event.approved,
        event.decidedBy,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ["tu_oslo", true, "approver"],
        ["tu_lima", false, "approver"],
      ]),
    );
  });

  test("asks only about the calls whose input needs it, by the tool's own rule", async () => {
    const trip = tripTools();
    const asked: string[] = [];
    const harness = await startAgent(scriptOf(TRIP_CALLS, { text: "Done." }), {
      tools: trip.tools,
      approver: (request) => {
        asked.push(request.toolUseId);
        return { approved: true };
      },
    });
    await harness.agent.run("Book Oslo and Porto.");

    expect(asked).toEqual(["tu_oslo"]);
    expect(trip.booked.map((booking) => booking.city).sort()).toEqual(["Oslo", "Porto"]);
  });

  test("runs an approved call with the input the person edited, validated by the tool's schema", async () => {
    const trip = tripTools();
    const harness = await startAgent(scriptOf(TRIP_CALLS, { text: "Done." }), {
      tools: trip.tools,
      approver: () => ({ approved: true, input: { city: "Oslo", price: 199 } }),
    });
    await harness.agent.run("Book it.");

    expect(trip.booked).toContainEqual({ city: "Oslo", price: 199 });
  });

  test("answers an approved call whose edited input fails the schema with an error the model reads", async () => {
    const trip = tripTools();
    const harness = await startAgent(scriptOf(TRIP_CALLS, { text: "Done." }), {
      tools: trip.tools,
      approver: () => ({ approved: true, input: { city: "Oslo", price: "cheap" } }),
    });
    await harness.agent.run("Book it.");

    const results = toolResultsSent(harness.server, 1);
    expect(statuses(results).tu_oslo).toBe("error");
    expect(resultTextOf(results, "tu_oslo")).toContain("the input the user approved is invalid: price");
    expect(trip.booked.map((booking) => booking.city)).toEqual(["Porto"]);
  });

  test("lets an agent's needsApproval decide for a tool by name, in place of the tool's own rule", async () => {
    const trip = tripTools();
    const asked: string[] = [];
    const harness = await startAgent(scriptOf(TRIP_CALLS, { text: "Done." }), {
      tools: trip.tools,
      needsApproval: { book_trip: false, get_weather: true },
      approver: (request) => {
        asked.push(request.toolUseId);
        return { approved: true };
      },
    });
    await harness.agent.run("Book it.");

    expect(asked).toEqual(["tu_weather"]);
  });

  test("gives up waiting for the approver when the run is aborted, and keeps the session valid", async () => {
    const trip = tripTools();
    const controller = new AbortController();
    const store = new InMemoryConversationStore();
    const harness = await startAgent(scriptOf(TRIP_CALLS, { text: "Done." }), {
      tools: trip.tools,
      store,
      approver: () => {
        controller.abort();
        return new Promise(() => {});
      },
    });
    const error = await lodeErrorOf(
      harness.agent.run("Book it.", { sessionId: "s", signal: controller.signal }),
    );

    expect(error.code).toBe("aborted");
    expect(trip.booked.some((booking) => booking.city === "Oslo")).toBe(false);
    const stored = (await store.load("s")).messages;
    const answered = stored[2]?.content?.map((block) => block.toolResult?.toolUseId);
    expect(answered).toEqual(["tu_oslo", "tu_porto", "tu_weather"]);
  });
});

describe("approval across requests", () => {
  test("ends the run awaiting approval, then a later run with decisions goes on from where it stopped", async () => {
    const trip = tripTools();
    const store = new InMemoryConversationStore();
    const harness = await startAgent(scriptOf(TWO_APPROVALS, { text: "Oslo is booked; Lima was refused." }), {
      tools: trip.tools,
      store,
    });
    const stream = harness.agent.stream("Book Oslo and Lima.", { sessionId: "s" });
    const events = await collectEvents(stream);
    const paused = await stream.result;

    expect(paused.stopReason).toBe("awaiting_approval");
    expect(paused.pendingApprovals).toEqual([
      {
        toolUseId: "tu_oslo",
        toolName: "book_trip",
        input: { city: "Oslo", price: 250 },
        agentPath: ["agent"],
      },
      {
        toolUseId: "tu_lima",
        toolName: "book_trip",
        input: { city: "Lima", price: 900 },
        agentPath: ["agent"],
      },
    ]);
    expect(eventsOfType(events, "approval-requested")).toHaveLength(2);
    // The call that needed no approval ran at once; nothing was booked.
    expect(trip.weatherCalls).toEqual(["Oslo"]);
    expect(trip.booked).toEqual([]);
    // The stored history stays one Bedrock accepts: the waiting message is kept aside, not in it.
    expect((await store.load("s")).messages).toEqual([
      { role: "user", content: [{ text: "Book Oslo and Lima." }] },
    ]);

    const resuming = harness.createAgent().stream(
      {
        decisions: [
          { toolUseId: "tu_oslo", approved: true },
          { toolUseId: "tu_lima", approved: false, reason: "Too far." },
        ],
      },
      { sessionId: "s" },
    );
    const resumedEvents = await collectEvents(resuming);
    const resumed = await resuming.result;

    expect(resumed.text).toBe("Oslo is booked; Lima was refused.");
    expect(resumedEvents[0]).toMatchObject({ type: "run-start", resumes: paused.runId });
    expect(
      eventsOfType(resumedEvents, "approval-decided").map((event) => [
        event.toolUseId,
        event.approved,
        event.decidedBy,
      ]),
    ).toEqual([
      ["tu_oslo", true, "decision"],
      ["tu_lima", false, "decision"],
    ]);
    expect(trip.booked).toEqual([{ city: "Oslo", price: 250 }]);
    expect(trip.weatherCalls).toEqual(["Oslo"]);
    const results = toolResultsSent(harness.server, 1);
    expect(statuses(results)).toEqual({ tu_oslo: "success", tu_lima: "error", tu_weather: "success" });
    expect(resultTextOf(results, "tu_lima")).toContain("Too far.");
    expect((await store.load("s")).messages.map((message) => message.role)).toEqual([
      "user",
      "assistant",
      "user",
      "assistant",
    ]);
  });

  test("answers waiting calls as denied when a new user message comes instead of a decision", async () => {
    const trip = tripTools();
    const harness = await startAgent(scriptOf(TWO_APPROVALS, { text: "Understood, nothing booked." }), {
      tools: trip.tools,
    });
    await harness.agent.run("Book Oslo and Lima.", { sessionId: "s" });
    const next = await harness.agent.run("Actually, forget it.", { sessionId: "s" });

    expect(next.text).toBe("Understood, nothing booked.");
    expect(trip.booked).toEqual([]);
    const last = requestBody(harness.server, 1).messages.at(-1);
    expect(last.role).toBe("user");
    expect(
      last.content.map(
        (block: { toolResult?: { status: string }; text?: string }) => block.toolResult?.status ?? block.text,
      ),
    ).toEqual(["error", "error", "success", "Actually, forget it."]);
  });

  test("keeps the calls still undecided waiting when decisions cover only some", async () => {
    const trip = tripTools();
    const harness = await startAgent(scriptOf(TWO_APPROVALS, { text: "Done." }), { tools: trip.tools });
    await harness.agent.run("Book both.", { sessionId: "s" });
    const partly = await harness.agent.run(
      { decisions: [{ toolUseId: "tu_oslo", approved: true }] },
      { sessionId: "s" },
    );

    expect(partly.stopReason).toBe("awaiting_approval");
    expect(partly.pendingApprovals.map((request) => request.toolUseId)).toEqual(["tu_lima"]);
    expect(trip.booked).toEqual([{ city: "Oslo", price: 250 }]);
    expect(harness.server.requests).toHaveLength(1);

    const done = await harness.agent.run(
      { decisions: [{ toolUseId: "tu_lima", approved: true }] },
      { sessionId: "s" },
    );
    expect(done.text).toBe("Done.");
    expect(trip.booked.map((booking) => booking.city)).toEqual(["Oslo", "Lima"]);
  });
});

describe("bad decisions", () => {
  async function pausedHarness() {
    const trip = tripTools();
    const harness = await startAgent(scriptOf(TWO_APPROVALS, { text: "Done." }), { tools: trip.tools });
    await harness.agent.run("Book both.", { sessionId: "s" });
    return harness;
  }

  test("refuses a decision on a call that is not waiting", async () => {
    const harness = await pausedHarness();
    const error = await lodeErrorOf(
      harness.agent.run({ decisions: [{ toolUseId: "tu_nope", approved: true }] }, { sessionId: "s" }),
    );
    expect(error.code).toBe("invalid-request");
    expect(error.message).toContain("tu_nope");
  });

  test("refuses a second decision on a call already decided", async () => {
    const harness = await pausedHarness();
    const both = [
      { toolUseId: "tu_oslo", approved: true as const },
      { toolUseId: "tu_lima", approved: true as const },
    ];
    await harness.agent.run({ decisions: both }, { sessionId: "s" });
    const error = await lodeErrorOf(harness.agent.run({ decisions: both }, { sessionId: "s" }));
    expect(error.code).toBe("invalid-request");
  });

  test("refuses two decisions on one call, and decisions without a session", async () => {
    const harness = await pausedHarness();
    const twice = [
      { toolUseId: "tu_oslo", approved: true as const },
      { toolUseId: "tu_oslo", approved: false as const },
    ];
    expect((await lodeErrorOf(harness.agent.run({ decisions: twice }, { sessionId: "s" }))).code).toBe(
      "invalid-request",
    );
    expect((await lodeErrorOf(harness.agent.run({ decisions: [twice[0]!] }))).code).toBe("invalid-request");
    expect(() =>
      harness.agent.stream({ decisions: [{ toolUseId: "tu_oslo" } as never] }, { sessionId: "s" }),
    ).toThrow(/approved: boolean/);
  });

  test("refuses a decision on calls already resumed by another run, which found them first", async () => {
    const harness = await pausedHarness();
    const decisions = [
      { toolUseId: "tu_oslo", approved: true as const },
      { toolUseId: "tu_lima", approved: false as const },
    ];
    await harness.agent.run({ decisions }, { sessionId: "s" });
    const error = await lodeErrorOf(harness.createAgent().run({ decisions }, { sessionId: "s" }));
    expect(error.code).toBe("invalid-request");
    expect(error.message).toContain("already decided");
  });

  test("makes the later write of two runs that resumed the same calls at once a conflict", async () => {
    const trip = tripTools();
    const store = new InMemoryConversationStore();
    const harness = await startAgent(scriptOf(TWO_APPROVALS, { text: "Done." }), {
      tools: trip.tools,
      store,
    });
    await harness.agent.run("Book both.", { sessionId: "s" });
    // Both runs read the waiting calls before either writes: the store holds their first appends back.
    let loads = 0;
    let release: () => void = () => {};
    const bothLoaded = new Promise<void>((resolve) => {
      release = resolve;
    });
    const gated = Object.assign(Object.create(store), {
      load: async (id: string) => {
        const loaded = await store.load(id);
        if (++loads === 2) release();
        return loaded;
      },
      append: async (...args: Parameters<typeof store.append>) => {
        await bothLoaded;
        return store.append(...args);
      },
    }) as typeof store;
    const decisions = [
      { toolUseId: "tu_oslo", approved: true as const },
      { toolUseId: "tu_lima", approved: false as const },
    ];
    const outcomes = await Promise.allSettled([
      harness.createAgent({ store: gated }).run({ decisions }, { sessionId: "s" }),
      harness.createAgent({ store: gated }).run({ decisions }, { sessionId: "s" }),
    ]);

    const codes = outcomes.map((outcome) =>
      outcome.status === "rejected" ? outcome.reason.code : "completed",
    );
    expect(codes.sort()).toEqual(["completed", "conflict"]);
    // The session holds the resumed calls once.
    const roles = (await store.load("s")).messages.map((message) => message.role);
    expect(roles).toEqual(["user", "assistant", "user", "assistant"]);
  });
});
