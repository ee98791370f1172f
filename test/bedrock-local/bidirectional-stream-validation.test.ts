import { type BedrockLocal, startBedrockLocal } from "@lode/bedrock-local";
import { afterAll, beforeAll, expect, test } from "vitest";
import { sendRaw, signedInput } from "./support/bidirectional-raw-http2.js";
import { nova } from "./support/bidirectional-session.js";

/**
 * A malformed promptStart is the client's own bad input: it must come back as a validationException that
 * names the field, never as an internalServerException from a failure further in.
 */
let server: BedrockLocal;
beforeAll(async () => {
  server = await startBedrockLocal({
    script: { models: { "amazon.nova-sonic-v1:0": { loop: true, turns: [{ text: "Hi." }] } } },
  });
});
afterAll(() => server.close());

const schema = { json: JSON.stringify({ type: "object" }) };

test.each([
  ["tools that are not a list", { promptName: "p", toolConfiguration: { tools: 5 } }, "tools must be a list"],
  [
    "a tool that is not an object",
    { promptName: "p", toolConfiguration: { tools: [null] } },
    "tools[0] must be an object",
  ],
  [
    "a tool without a toolSpec",
    { promptName: "p", toolConfiguration: { tools: [{}] } },
    "tools[0].toolSpec must be an object",
  ],
  [
    "a tool whose name is not a string",
    { promptName: "p", toolConfiguration: { tools: [{ toolSpec: { name: 7, inputSchema: schema } }] } },
    "tools[0].toolSpec.name must be a non-empty string",
  ],
  [
    "a tool whose inputSchema.json is an object",
    {
      promptName: "p",
      toolConfiguration: { tools: [{ toolSpec: { name: "t", inputSchema: { json: { type: "object" } } } }] },
    },
    "tools[0].toolSpec.inputSchema.json must be a string",
  ],
  [
    "a tool whose inputSchema.json is not JSON",
    {
      promptName: "p",
      toolConfiguration: { tools: [{ toolSpec: { name: "t", inputSchema: { json: "{" } } }] },
    },
    "the input schema of tool t is not JSON",
  ],
  ["a promptName that is not a string", { promptName: 42 }, "promptStart.promptName must be a string"],
  ["no promptName", {}, "promptStart.promptName must be a string"],
])("a promptStart with %s is a validationException", async (_, fields, message) => {
  const promptStart = { event: { promptStart: fields } };
  const { messages } = await sendRaw(
    server,
    signedInput([nova.sessionStart(), promptStart, ...nova.text("u", "USER", "Hi"), nova.sessionEnd()]),
  );
  const exceptions = messages.filter((frame) => frame.headers[":message-type"]?.value === "exception");
  expect(exceptions.map((frame) => frame.headers[":exception-type"]?.value)).toEqual(["validationException"]);
  const body = JSON.parse(Buffer.from(exceptions[0]?.body ?? []).toString("utf8")) as { message: string };
  expect(body.message).toContain(message);
});

test("a well-formed tool list is accepted and the session is answered", async () => {
  const { messages } = await sendRaw(
    server,
    signedInput([
      nova.sessionStart(),
      nova.promptStart([{ name: "getWeather", description: "The weather in a city." }]),
      ...nova.text("u", "USER", "Hi"),
      nova.sessionEnd(),
    ]),
  );
  expect(messages.filter((frame) => frame.headers[":message-type"]?.value === "exception")).toEqual([]);
  expect(messages.some((frame) => frame.headers[":event-type"]?.value === "chunk")).toBe(true);
});
