import { LodeError, readAgentRequest } from "@lode/core";
import { streamAgent } from "@lode/core/client";
import { describe, expect, test } from "vitest";
import { type RequestBody, readAll, scriptOf, startScriptedAgent } from "../support/scripted-agent.js";
import { closeAfterEach } from "./support/close-after-each.js";
import { serveFetch, serveNode } from "./support/http-servers.js";
import { serveAgent, TRANSPORTS } from "./support/serve-agent.js";

const track = closeAfterEach();

/** Every byte value, so no encoding can get by with text-safe bytes only. */
const DOCUMENT_BYTES = Uint8Array.from({ length: 256 }, (_, i) => i);

describe.each(TRANSPORTS)("bytes in a streamAgent request (%s)", (transport) => {
  test("reach the agent, and Bedrock, intact", async () => {
    const harness = track(await startScriptedAgent(scriptOf({ text: "It is a list of notes." })));
    const server = track(await serveAgent(harness.agent, transport));

    const input = [
      { text: "What is this document?" },
      { document: { format: "txt" as const, name: "notes", source: { bytes: DOCUMENT_BYTES } } },
    ];
    const events = await readAll(streamAgent(server.url, { input }));

    expect(events.at(-1)?.type).toBe("run-end");
    const runStart = events.find((event) => event.type === "run-start");
    // The run's input is the same on the server and, through the events, back on the client.
    expect(runStart?.input[0]?.content?.[1]?.document?.source?.bytes).toEqual(DOCUMENT_BYTES);
    expect(harness.server.requests.map((entry) => entry.operation)).toEqual(["ConverseStream"]);
    const messages = (harness.server.requests[0]!.body as RequestBody).messages as RequestBody[];
    // The SDK sends a blob as base64: the bytes the browser attached, not an object of numbered keys.
    expect(messages[0]?.content?.[1]?.document?.source?.bytes).toBe(
      Buffer.from(DOCUMENT_BYTES).toString("base64"),
    );
  });
});

describe("readAgentRequest", () => {
  /** A server answering each POST with what `readAgentRequest` made of it, or the error it threw. */
  async function echo(read: (request: Request) => Promise<unknown>): Promise<string> {
    const plainServer = track(
      await serveFetch(async (request) => {
        try {
          const { b } = (await read(request)) as { b?: unknown };
          return Response.json({ ok: true, bytes: b instanceof Uint8Array ? [...b] : "not bytes" });
        } catch (error) {
          return Response.json(
            { ok: false, code: LodeError.isInstance(error) ? error.code : "other" },
            {
              status: 400,
            },
          );
        }
      }),
    );
    return plainServer.url;
  }

  test("restores bytes from a Node request as well", async () => {
    let received: unknown;
    const plainServer = track(
      await serveNode(async (request, response) => {
        received = await readAgentRequest(request);
        response.end();
      }),
    );
    await fetch(plainServer.url, { method: "POST", body: JSON.stringify({ b: { $bytes: "AAH+/w==" } }) });

    expect(received).toEqual({ b: new Uint8Array([0, 1, 254, 255]) });
  });

  test("refuses a body over maxBytes, and one that is not JSON, as invalid-request", async () => {
    const url = await echo((request) => readAgentRequest(request, { maxBytes: 100 }));

    const tooLong = await fetch(url, { method: "POST", body: JSON.stringify({ text: "x".repeat(200) }) });
    const notJson = await fetch(url, { method: "POST", body: "{ input:" });
    const fits = await fetch(url, { method: "POST", body: JSON.stringify({ b: { $bytes: "AQI=" } }) });

    expect([tooLong.status, await tooLong.json()]).toEqual([400, { ok: false, code: "invalid-request" }]);
    expect([notJson.status, await notJson.json()]).toEqual([400, { ok: false, code: "invalid-request" }]);
    expect(await fits.json()).toEqual({ ok: true, bytes: [1, 2] });
  });
});
