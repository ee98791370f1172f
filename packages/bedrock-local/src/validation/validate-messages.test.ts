import { describe, expect, it } from "vitest";
import type { JsonObject } from "../models/model-turn.js";
import { rejectionMessage, serializationMessage } from "./rejection-message.test-support.js";

const user = (...content: JsonObject[]) => ({ role: "user", content });
const assistant = (...content: JsonObject[]) => ({ role: "assistant", content });
const hello = { text: "Hello" };

const START_WITH_USER =
  "A conversation must start with a user message. Try again with a conversation that starts with a user message.";

describe("the message list", () => {
  it("rejects a request without messages", () => {
    expect(rejectionMessage({})).toBe(START_WITH_USER);
  });

  it("rejects an empty message list", () => {
    expect(rejectionMessage({ messages: [] })).toBe(START_WITH_USER);
  });

  it("refuses messages that are not a list as unreadable, as AWS's deserializer does", () => {
    expect(serializationMessage({ messages: { role: "user", content: [hello] } })).toBe(
      "Expected a list (Messages) at 'messages' but found an object.",
    );
  });
});

describe("roles and content", () => {
  it("rejects a role other than user, assistant or system, counting messages from 1", () => {
    expect(rejectionMessage({ messages: [user(hello), { role: "tool", content: [hello] }] })).toBe(
      "1 validation error detected: Value 'tool' at 'messages.2.member.role' failed to satisfy constraint: Member must satisfy enum value set: [user, assistant, system]",
    );
  });

  it("reports every constraint violation in one message", () => {
    expect(rejectionMessage({ messages: [{ role: "tool" }] })).toBe(
      "2 validation errors detected: Value 'tool' at 'messages.1.member.role' failed to satisfy constraint: Member must satisfy enum value set: [user, assistant, system]; Value null at 'messages.1.member.content' failed to satisfy constraint: Member must not be null",
    );
  });

  it("rejects a message without content", () => {
    expect(rejectionMessage({ messages: [{ role: "user" }] })).toBe(
      "1 validation error detected: Value null at 'messages.1.member.content' failed to satisfy constraint: Member must not be null",
    );
  });

  it("rejects a message whose content is empty", () => {
    expect(rejectionMessage({ messages: [user(hello), assistant(), user(hello)] })).toBe(
      "The content field in the Message object at messages.1 is empty. Add a ContentBlock object to the content field and try again.",
    );
  });

  it("rejects a conversation that starts with the assistant", () => {
    expect(rejectionMessage({ messages: [assistant(hello), user(hello)] })).toBe(START_WITH_USER);
  });

  it("rejects two user messages in a row", () => {
    expect(rejectionMessage({ messages: [user(hello), user({ text: "Still there?" })] })).toBe(
      "A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.",
    );
  });

  it("accepts a conversation that ends with an assistant prefill", () => {
    expect(rejectionMessage({ messages: [user(hello), assistant({ text: "{" })] })).toBeUndefined();
  });
});

describe("content blocks", () => {
  it("rejects an empty text block", () => {
    expect(rejectionMessage({ messages: [user({ text: "" })] })).toBe(
      "The text field in the ContentBlock object at messages.0.content.0 is blank. Add text to the text field, and try again.",
    );
  });

  it("rejects an empty text block beside other text", () => {
    expect(rejectionMessage({ messages: [user(hello), assistant(hello, { text: "" }), user(hello)] })).toBe(
      "The text field in the ContentBlock object at messages.1.content.1 is blank. Add text to the text field, and try again.",
    );
  });

  it("rejects an assistant message that says nothing but whitespace", () => {
    expect(rejectionMessage({ messages: [user(hello), assistant({ text: "\n\n" }), user(hello)] })).toBe(
      "The text field in the ContentBlock object at messages.1.content.0 is blank. Add text to the text field, and try again.",
    );
  });

  it("accepts a whitespace-only text between blocks that say something, as real Bedrock did", () => {
    const document = { document: { name: "Notes", format: "txt", source: { bytes: "SGk=" } } };
    expect(
      rejectionMessage({ messages: [user({ text: "Read this:" }, document, { text: "\n" })] }),
    ).toBeUndefined();
  });

  it("rejects a block of unknown kind", () => {
    expect(rejectionMessage({ messages: [user(hello, { markdown: "# Hi" })] })).toMatch(
      /^The ContentBlock object at messages\.0\.content\.1 must set exactly one of the following fields: text, image, /,
    );
  });

  it("rejects a block that sets two kinds", () => {
    expect(rejectionMessage({ messages: [user({ text: "Hi", image: { format: "png" } })] })).toMatch(
      /^The ContentBlock object at messages\.0\.content\.0 must set exactly one/,
    );
  });

  it("rejects a document without a name", () => {
    const document = { format: "txt", source: { bytes: "SGk=" } };
    expect(rejectionMessage({ messages: [user(hello, { document })] })).toBe(
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
    expect(rejectionMessage(body)).toBeUndefined();
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
    expect(rejectionMessage(body)).toBe(
      "1 validation error detected: Value at 'messages.2.member.content.1.member.toolUse.name' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_-]+",
    );
  });
});
