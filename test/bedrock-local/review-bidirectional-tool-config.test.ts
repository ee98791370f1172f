import { type BedrockLocal, startBedrockLocal } from "@lode/bedrock-local";
import { afterAll, beforeAll, expect, test } from "vitest";
import { sendRaw, signedInput } from "./support/bidirectional-raw-http2.js";
import { nova } from "./support/bidirectional-session.js";

/**
 * Review finding, written as `test.fails` so the suite stays green while the bug is there: flip it to
 * `test` with the fix. nova-input-event.ts checks contentStart, textInput and
 * contentEnd but not promptStart's toolConfiguration, which nova-conversation.ts `toolsOf` maps without
 * checking. A malformed tool list reaches a TypeError and the client gets an internalServerException
 * ("Internal error.") for its own bad input, where a validationException naming the field is due.
 */
let server: BedrockLocal;
beforeAll(async () => {
  server = await startBedrockLocal({
    script: { models: { "amazon.nova-sonic-v1:0": { loop: true, turns: [{ text: "Hi." }] } } },
  });
});
afterAll(() => server.close());

test.fails.each([
  ["tools that are not a list", { tools: 5 }],
  ["a tool that is not an object", { tools: [null] }],
])("a promptStart with %s is a validationException", async (_, toolConfiguration) => {
  const promptStart = {
    event: { promptStart: { promptName: "p", toolConfiguration } },
  };
  const { messages } = await sendRaw(
    server,
    signedInput([nova.sessionStart(), promptStart, ...nova.text("u", "USER", "Hi"), nova.sessionEnd()]),
  );
  const exceptions = messages.filter((message) => message.headers[":message-type"]?.value === "exception");
  expect(exceptions.map((message) => message.headers[":exception-type"]?.value)).toEqual([
    "validationException",
  ]);
});
