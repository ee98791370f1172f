import { describe, expect, it } from "vitest";
import { AwsError } from "../http/aws-error.js";
import type { JsonObject } from "../models/model-turn.js";
import { createReasoningSigner } from "../reasoning/reasoning-signer.js";
import { validateConverseRequest } from "./validate-converse-request.js";

const signer = createReasoningSigner("validate-messages-test");

/** The ValidationException message a body is refused with, or undefined when it is accepted. */
function rejection(body: JsonObject): string | undefined {
  try {
    validateConverseRequest(body, { signer });
    return undefined;
  } catch (error) {
    if (error instanceof AwsError && error.name === "ValidationException") return error.message;
    throw error;
  }
}

const user = (...content: JsonObject[]) => ({ role: "user", content });
const assistant = (...content: JsonObject[]) => ({ role: "assistant", content });
const hello = { text: "Hello" };

const START_WITH_USER =
  "A conversation must start with a user message. Try again with a conversation that starts with a user message.";

describe("the message list", () => {
  it("rejects a request without messages", () => {
    expect(rejection({})).toBe(START_WITH_USER);
  });

  it("rejects an empty message list", () => {
    expect(rejection({ messages: [] })).toBe(START_WITH_USER);
  });

  it("rejects messages that are not a list", () => {
    expect(rejection({ messages: { role: "user", content: [hello] } })).toBe(
      "The value at messages is invalid. Provide a list of Message objects and try again.",
    );
  });
});

describe("roles and content", () => {
  it("rejects a role other than user or assistant, counting messages from 1", () => {
    expect(rejection({ messages: [user(hello), { role: "system", content: [hello] }] })).toBe(
      "1 validation error detected: Value 'system' at 'messages.2.member.role' failed to satisfy constraint: Member must satisfy enum value set: [user, assistant]",
    );
  });

  it("reports every constraint violation in one message", () => {
    expect(rejection({ messages: [{ role: "tool" }] })).toBe(
      "2 validation errors detected: Value 'tool' at 'messages.1.member.role' failed to satisfy constraint: Member must satisfy enum value set: [user, assistant]; Value null at 'messages.1.member.content' failed to satisfy constraint: Member must not be null",
    );
  });

  it("rejects a message without content", () => {
    expect(rejection({ messages: [{ role: "user" }] })).toBe(
      "1 validation error detected: Value null at 'messages.1.member.content' failed to satisfy constraint: Member must not be null",
    );
  });

  it("rejects a message whose content is empty", () => {
    expect(rejection({ messages: [user(hello), assistant(), user(hello)] })).toBe(
      "The content field in the Message object at messages.1 is empty. Add a ContentBlock object to the content field and try again.",
    );
  });

  it("rejects a conversation that starts with the assistant", () => {
    expect(rejection({ messages: [assistant(hello), user(hello)] })).toBe(START_WITH_USER);
  });

  it("rejects two user messages in a row", () => {
    expect(rejection({ messages: [user(hello), user({ text: "Still there?" })] })).toBe(
      "A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.",
    );
  });

  it("accepts a conversation that ends with an assistant prefill", () => {
    expect(rejection({ messages: [user(hello), assistant({ text: "{" })] })).toBeUndefined();
  });
});

describe("content blocks", () => {
  it("rejects an empty text block", () => {
    expect(rejection({ messages: [user({ text: "" })] })).toBe(
      "The text field in the ContentBlock object at messages.0.content.0 is blank. Add text to the text field, and try again.",
    );
  });

  it("rejects an empty text block beside other text", () => {
    expect(rejection({ messages: [user(hello), assistant(hello, { text: "" }), user(hello)] })).toBe(
      "The text field in the ContentBlock object at messages.1.content.1 is blank. Add text to the text field, and try again.",
    );
  });

  it("rejects an assistant message that says nothing but whitespace", () => {
    expect(rejection({ messages: [user(hello), assistant({ text: "\n\n" }), user(hello)] })).toBe(
      "The text field in the ContentBlock object at messages.1.content.0 is blank. Add text to the text field, and try again.",
    );
  });

  it("accepts a whitespace-only text between blocks that say something, as real Bedrock did", () => {
    const document = { document: { name: "Notes", format: "txt", source: { bytes: "SGk=" } } };
    expect(rejection({ messages: [user({ text: "Read this:" }, document, { text: "\n" })] })).toBeUndefined();
  });

  it("rejects a block of unknown kind", () => {
    expect(rejection({ messages: [user(hello, { markdown: "# Hi" })] })).toMatch(
      /^The ContentBlock object at messages\.0\.content\.1 must set exactly one of the following fields: text, image, /,
    );
  });

  it("rejects a block that sets two kinds", () => {
    expect(rejection({ messages: [user({ text: "Hi", image: { format: "png" } })] })).toMatch(
      /^The ContentBlock object at messages\.0\.content\.0 must set exactly one/,
    );
  });

  it("rejects a document without a name", () => {
    const document = { format: "txt", source: { bytes: "SGk=" } };
    expect(rejection({ messages: [user(hello, { document })] })).toBe(
      "1 validation error detected: Value null at 'messages.1.member.content.2.member.document.name' failed to satisfy constraint: Member must not be null",
    );
  });

  it("accepts image, document, video, guardContent and cachePoint blocks", () => {
    const body = {
      messages: [
        user(
          { image: { format: "png", source: { bytes: "iVBORw0KGgo=" } } },
          { document: { name: "Notes", format: "txt", source: { bytes: "SGk=" } } },
          { video: { format: "mp4", source: { s3Location: { uri: "s3://bucket/clip.mp4" } } } },
          { guardContent: { text: { text: "Tokyo is in Japan.", qualifiers: ["grounding_source"] } } },
          { cachePoint: { type: "default" } },
          { text: "Describe these." },
        ),
      ],
    };
    expect(rejection(body)).toBeUndefined();
  });

  it("rejects a tool use in history whose name breaks Bedrock's pattern", () => {
    const body = {
      messages: [
        user(hello),
        assistant({ toolUse: { toolUseId: "tooluse_1", name: "$READFILE", input: {} } }),
        user({ toolResult: { toolUseId: "tooluse_1", content: [{ text: "done" }] } }),
      ],
      toolConfig: { tools: [{ toolSpec: { name: "read_file", inputSchema: { json: { type: "object" } } } }] },
    };
    expect(rejection(body)).toBe(
      "1 validation error detected: Value at 'messages.2.member.content.1.member.toolUse.name' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_-]+",
    );
  });
});
