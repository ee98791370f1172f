import type { ContentBlock, Message } from "@aws-sdk/client-bedrock-runtime";
import { describe, expect, test } from "vitest";
import { lodeErrorOf, requestBody, scriptedAgentPerTest, scriptOf } from "../support/scripted-agent.js";

const startAgent = scriptedAgentPerTest();

/** A 1×1 transparent PNG. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
  "base64",
);

describe("the input of a run", () => {
  test("sends a string as one user text message", async () => {
    const harness = await startAgent(scriptOf({ text: "Hi." }));
    await harness.agent.run("Hello there.");

    expect(requestBody(harness.server, 0).messages).toEqual([
      { role: "user", content: [{ text: "Hello there." }] },
    ]);
  });

  test("sends content blocks as one user message, image bytes and documents included", async () => {
    const harness = await startAgent(scriptOf({ text: "A tiny picture and a note." }));
    const content: ContentBlock[] = [
      { text: "What are these?" },
      { image: { format: "png", source: { bytes: new Uint8Array(PNG) } } },
      {
        document: { format: "txt", name: "notes", source: { bytes: new TextEncoder().encode("Buy milk.") } },
      },
    ];
    const result = await harness.agent.run(content);

    expect(requestBody(harness.server, 0).messages).toEqual([
      {
        role: "user",
        content: [
          { text: "What are these?" },
          { image: { format: "png", source: { bytes: PNG.toString("base64") } } },
          {
            document: {
              format: "txt",
              name: "notes",
              source: { bytes: Buffer.from("Buy milk.").toString("base64") },
            },
          },
        ],
      },
    ]);
    expect(result.messages[0]).toEqual({ role: "user", content });
    expect(result.text).toBe("A tiny picture and a note.");
  });

  test("sends messages as they are, continuing the conversation they hold", async () => {
    const harness = await startAgent(scriptOf({ text: "First answer." }, { text: "Your name is Ada." }));
    const messages: Message[] = [
      { role: "user", content: [{ text: "My name is Ada." }] },
      { role: "assistant", content: [{ text: "Nice to meet you, Ada." }] },
      { role: "user", content: [{ text: "What is my name?" }] },
    ];
    const result = await harness.agent.run(messages);

    expect(requestBody(harness.server, 0).messages).toEqual(messages);
    expect(result.text).toBe("Your name is Ada.");
    expect(result.messages).toEqual([
      ...messages,
      { role: "assistant", content: [{ text: "Your name is Ada." }] },
    ]);
  });

  test("does not let a caller's later change to its input reach the run's messages", async () => {
    const harness = await startAgent(scriptOf({ text: "Hi." }));
    const content: ContentBlock[] = [{ text: "Hello." }];
    const result = await harness.agent.run(content);
    content.push({ text: "changed" });

    expect(result.messages[0]).toEqual({ role: "user", content: [{ text: "Hello." }] });
  });

  test("rejects blank input before calling the model", async () => {
    const harness = await startAgent(scriptOf({ text: "Hi." }));
    const error = await lodeErrorOf(harness.agent.run("   "));

    expect(error.code).toBe("invalid-request");
    expect(harness.server.requests).toHaveLength(0);
  });
});

describe("an input that is not one", () => {
  test.each([
    [
      'strings in an array (["a", "b"])',
      ["a", "b"],
      'input[0] must be a content block ({ text: "…" }, { image: … }, …), not the string "a".',
    ],
    [
      'a message whose content is a string ([{ role: "user", content: "hi" }])',
      [{ role: "user", content: "hi" }],
      'input[0].content must be an array of content blocks ([{ text: "…" }]), not the string "hi".',
    ],
    [
      'a message whose content holds a string ([{ role: "user", content: ["hi"] }])',
      [{ role: "user", content: ["hi"] }],
      'input[0].content[0] must be a content block ({ text: "…" }, { image: … }, …), not the string "hi".',
    ],
    [
      "content blocks mixed with a message",
      [{ text: "hi" }, { role: "user", content: [{ text: "there" }] }],
      'input[1] must be a content block ({ text: "…" }, { image: … }, …), not a message.',
    ],
  ])("refuses %s before calling the model, saying what the input must be", async (_name, input, says) => {
    const harness = await startAgent(scriptOf({ text: "Hi." }));
    const error = await lodeErrorOf(harness.agent.run(input as never));

    expect(error.code).toBe("invalid-request");
    expect(error.message).toBe(
      `${says} A run's input is a string, an array of content blocks, or an array of messages ` +
        '({ role: "user" | "assistant", content: [blocks] }).',
    );
    expect(harness.server.requests).toHaveLength(0);
  });
});
