import { type AgentEvent, type EventOf, LodeError, pipeSseToNodeResponse, SSE_HEADERS } from "@lode/core";
import { readAgentEvents, streamAgent } from "@lode/core/client";
import { defineTool } from "@lode/tools";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { readAll, scriptOf, startScriptedAgent } from "../support/scripted-agent.js";
import { closeAfterEach } from "./support/close-after-each.js";
import { serveNode } from "./support/http-servers.js";
import { serveAgent, TRANSPORTS } from "./support/serve-agent.js";

const track = closeAfterEach();

const weather = defineTool({
  name: "get_weather",
  description: "The weather in a city.",
  input: z.object({ city: z.string() }),
  run: ({ city }, context) => {
    context.progress({ looking: city });
    return { city, sky: "sunny" };
  },
});

const citation = {
  title: "Guide",
  source: "guide.txt",
  sourceContent: [{ text: "Paris is sunny in June." }],
  location: { documentChar: { documentIndex: 0, start: 0, end: 23 } },
};

/** Every kind of block in step 1 (tool input in 3-character pieces), plain text in step 2. */
const everyBlockScript = scriptOf(
  {
    content: [
      { reasoning: "The user wants the weather.", signed: true },
      { redactedReasoning: "hidden thoughts" },
      { text: "Paris is sunny.", citations: [citation] },
      { toolUse: { name: "get_weather", input: { city: "Paris" }, id: "tu_1" } },
    ],
    chunkSize: 3,
  },
  { text: "It is sunny in Paris." },
);

/** A tiny PNG header: bytes that travel inside the run's input message. */
const IMAGE_BYTES = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 0, 255, 128, 7]);

function ofType<T extends AgentEvent["type"]>(events: AgentEvent[], type: T): EventOf<T>[] {
  return events.filter((event): event is EventOf<T> => event.type === type);
}

describe.each(TRANSPORTS)("Lode's Server-Sent Events over HTTP (%s)", (transport) => {
  test("delivers every event of a run, equal to what the run yielded on the server", async () => {
    const harness = track(await startScriptedAgent(everyBlockScript, { tools: [weather] }));
    const server = track(await serveAgent(harness.agent, transport));
    const produced: AgentEvent[] = [];
    harness.agent.on("event", (event) => produced.push(event));

    const received = await readAll(
      streamAgent(server.url, { input: "Weather in Paris?", pngBytes: [...IMAGE_BYTES] }),
    );

    await server.streams[0]?.result;
    expect(received.map((event) => event.type)).toEqual(produced.map((event) => event.type));
    expect(received).toEqual(produced);
    expect(ofType(received, "reasoning-redacted")[0]?.data).toBeInstanceOf(Uint8Array);
    expect(ofType(received, "run-start")[0]?.input[0]?.content?.[1]?.image?.source?.bytes).toEqual(
      IMAGE_BYTES,
    );
    expect(received.at(-1)?.type).toBe("run-end");
  });

  test("answers with the event-stream headers", async () => {
    const harness = track(await startScriptedAgent(scriptOf({ text: "Hi." })));
    const server = track(await serveAgent(harness.agent, transport));

    const response = await fetch(server.url, { method: "POST", body: JSON.stringify({ input: "Hi" }) });
    await readAll(readAgentEvents(response));

    for (const [name, value] of Object.entries(SSE_HEADERS)) expect(response.headers.get(name)).toBe(value);
    expect(response.headers.get("connection")).not.toBe("close");
  });

  test("ends a failed run with its run-error, the error revived as a LodeError", async () => {
    const harness = track(
      await startScriptedAgent(
        scriptOf({ error: { type: "AccessDeniedException", message: "No access to this model." } }),
      ),
    );
    const server = track(await serveAgent(harness.agent, transport));

    const received = await readAll(streamAgent(server.url, { input: "Hi" }));

    const last = received.at(-1) as EventOf<"run-error">;
    expect(last.type).toBe("run-error");
    expect(last.code).toBe("access-denied");
    expect(LodeError.isInstance(last.error)).toBe(true);
    expect(last.error).toMatchObject({ name: "LodeError", code: "access-denied", message: last.message });
    const serverError = await server.streams[0]?.result.catch((error: LodeError) => error);
    expect((last.error as LodeError).requestId).toBe((serverError as LodeError).requestId);
  });
});

test("keeps a quiet connection alive with comments, which the reader skips", async () => {
  const harness = track(
    await startScriptedAgent(scriptOf({ text: "Slow, then done.", chunkSize: 8, delayMs: 150 })),
  );
  const agent = harness.agent;
  const plainServer = track(
    await serveNode((_request, response) =>
      pipeSseToNodeResponse(agent.stream("Hi"), response, { keepAliveMs: 40 }),
    ),
  );
  const { url } = plainServer;

  const [raw, events] = await Promise.all([
    fetch(url).then((response) => response.text()),
    readAll(readAgentEvents(await fetch(url))),
  ]);

  expect(raw).toContain("\n\n: keep-alive\n\n");
  expect(
    events
      .filter((event) => event.type === "text-delta")
      .map((event) => (event as EventOf<"text-delta">).text),
  ).toEqual(["Slow, th", "en done."]);
  expect(events.at(-1)?.type).toBe("run-end");
});
