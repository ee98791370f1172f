import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { type BedrockLocal, type Script, startBedrockLocal } from "@lode/bedrock-local";
import { afterEach, describe, expect, test } from "vitest";
import { codec } from "./support/bidirectional-raw-http2.js";
import { audioContent, type NovaEvent, NovaSession, names, nova } from "./support/bidirectional-session.js";
import { http2Client } from "./support/sdk-clients.js";

const script: Script = {
  models: {
    "amazon.nova-sonic-v1:0": {
      turns: [
        { text: "Hello! How can I help?", expect: { lastUserText: "Hi there" } },
        { text: "It is sunny.", expect: { lastUserText: "weather", messageCount: 3 } },
      ],
    },
    "tool-model": {
      turns: [
        { content: [{ toolUse: { name: "getWeather", input: { city: "Paris" }, id: "tooluse_weather1" } }] },
        {
          text: "Paris is at 21 degrees.",
          expect: { toolResultsFor: ["tooluse_weather1"], tools: ["getWeather"] },
        },
      ],
    },
    "voice-model": {
      turns: [{ text: "I heard you.", expect: { lastUserText: "(audio input: 6400 bytes)" } }],
    },
  },
};

let server: BedrockLocal;
let client: BedrockRuntimeClient;

afterEach(async () => {
  client?.destroy();
  await server?.close();
});

async function start(options: Parameters<typeof startBedrockLocal>[0] = {}) {
  server = await startBedrockLocal({ script, ...options });
  client = http2Client(server);
}

function textOf(events: NovaEvent[]): string {
  return events.map((event) => (event.event.textOutput?.content as string | undefined) ?? "").join("");
}

describe("InvokeModelWithBidirectionalStream over HTTP/2", () => {
  test("answers each user turn while the client's input is still open", async () => {
    await start();
    const session = new NovaSession(client);
    session.open();
    session.send(nova.sessionStart());
    session.send(nova.promptStart());
    for (const event of nova.text("system-1", "SYSTEM", "You are brief.")) session.send(event);
    for (const event of nova.text("user-1", "USER", "Hi there")) session.send(event);

    expect(await session.until("completionStart")).toMatchObject({ promptName: "prompt-1" });
    const firstStart = session.received.length;
    await session.until("usageEvent");
    const firstTurn = session.received.slice(firstStart);
    expect(textOf(firstTurn)).toBe("Hello! How can I help?");
    expect(firstTurn[0]?.event.contentStart).toMatchObject({ type: "TEXT", role: "ASSISTANT" });

    // Only now, having read the first answer, the client sends its second turn on the same stream.
    for (const event of nova.text("user-2", "USER", "What is the weather?")) session.send(event);
    const secondStart = session.received.length;
    await session.until("usageEvent");
    expect(textOf(session.received.slice(secondStart))).toBe("It is sunny.");

    session.send(nova.promptEnd());
    session.send(nova.sessionEnd());
    session.close();
    const tail = await session.rest();
    expect(names(tail)).toEqual(["completionEnd"]);
    expect(tail[0]?.event.completionEnd).toMatchObject({ stopReason: "END_TURN", promptName: "prompt-1" });
    expect(server.requests.at(-1)).toMatchObject({
      operation: "InvokeModelWithBidirectionalStream",
      httpVersion: "2.0",
    });
  });

  test("a tool use is sent as toolUse events and the toolResult is answered in the same stream", async () => {
    await start();
    const session = new NovaSession(client, "tool-model");
    session.open();
    session.send(nova.sessionStart());
    session.send(nova.promptStart([{ name: "getWeather", description: "The weather in a city." }]));
    for (const event of nova.text("user-1", "USER", "Weather in Paris?")) session.send(event);

    const toolStart = await session.until("contentStart");
    expect(toolStart).toMatchObject({ type: "TOOL", role: "TOOL" });
    const toolUse = await session.until("toolUse");
    expect(toolUse).toMatchObject({ toolName: "getWeather", toolUseId: "tooluse_weather1" });
    expect(JSON.parse(toolUse.content as string)).toEqual({ city: "Paris" });
    expect(await session.until("contentEnd")).toMatchObject({ stopReason: "TOOL_USE", type: "TOOL" });
    await session.until("usageEvent");

    for (const event of nova.toolResult("tool-1", "tooluse_weather1", { degrees: 21 })) session.send(event);
    const answerStart = session.received.length;
    await session.until("usageEvent");
    // The second turn's `expect` (tool results and tools offered) held, or this would be an exception.
    expect(textOf(session.received.slice(answerStart))).toBe("Paris is at 21 degrees.");
    session.send(nova.sessionEnd());
    session.close();
    expect(names(await session.rest())).toEqual(["completionEnd"]);
  });

  test("audio input is counted and answered with text", async () => {
    await start();
    const session = new NovaSession(client, "voice-model");
    session.open();
    session.send(nova.sessionStart());
    session.send(nova.promptStart());
    for (const event of audioContent("audio-1", [Buffer.alloc(3200), Buffer.alloc(3200)]))
      session.send(event);
    await session.until("usageEvent");
    expect(textOf(session.received)).toBe("I heard you.");
    // Ending the input without sessionEnd ends the session as well.
    session.close();
    expect(names(await session.rest())).toEqual(["completionEnd"]);
  });

  test("a recording's output is replayed while the input is read and dropped", async () => {
    const folder = await mkdtemp(path.join(tmpdir(), "bidirectional-replay-"));
    try {
      const recorded = [
        { completionStart: { sessionId: "s", promptName: "p", completionId: "c" } },
        { textOutput: { content: "Recorded hello" } },
      ].map((event) =>
        codec.encode({
          headers: {
            ":event-type": { type: "string", value: "chunk" },
            ":content-type": { type: "string", value: "application/json" },
            ":message-type": { type: "string", value: "event" },
          },
          body: Buffer.from(
            JSON.stringify({ bytes: Buffer.from(JSON.stringify({ event })).toString("base64") }),
          ),
        }),
      );
      await writeFile(
        path.join(folder, "bidirectional.json"),
        JSON.stringify({
          interactions: [
            {
              request: {
                method: "POST",
                path: "/model/amazon.nova-sonic-v1%3A0/invoke-with-bidirectional-stream",
                body: null,
                events: [nova.sessionStart()],
              },
              response: {
                status: 200,
                headers: { "x-amzn-requestid": "recorded-request-id" },
                eventstreamBase64: Buffer.concat(recorded).toString("base64"),
              },
            },
          ],
        }),
      );
      await start({ replay: folder });
      const session = new NovaSession(client);
      session.open();
      session.send(nova.sessionStart());
      for (const event of nova.text("user-1", "USER", "Anything")) session.send(event);
      const events = await session.rest();
      expect(names(events)).toEqual(["completionStart", "textOutput"]);
      expect(events[1]?.event.textOutput?.content).toBe("Recorded hello");
      session.close();
      expect(server.requests.at(-1)?.requestId).toBe("recorded-request-id");
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
