import type { Message } from "@aws-sdk/client-bedrock-runtime";
import { describe, expect, test } from "vitest";
import { cloneMessages } from "./clone-messages.js";

describe("cloneMessages", () => {
  test("copies messages deeply, equal to structuredClone's copy", () => {
    const messages: Message[] = [
      {
        role: "user",
        content: [{ text: "hi" }, { image: { format: "png", source: { bytes: new Uint8Array([1, 2]) } } }],
      },
      {
        role: "assistant",
        content: [
          {
            toolUse: {
              toolUseId: "t1",
              name: "f",
              input: { a: [1, null, { b: true }], c: undefined } as never,
            },
          },
        ],
      },
    ];
    const copy = cloneMessages(messages);
    expect(copy).toEqual(structuredClone(messages));
    expect(copy[0]?.content).not.toBe(messages[0]?.content);
    expect(copy[0]?.content?.[1]?.image?.source?.bytes).not.toBe(
      messages[0]?.content?.[1]?.image?.source?.bytes,
    );
    expect(Object.hasOwn(copy[1]?.content?.[0]?.toolUse?.input as object, "c")).toBe(true);
  });

  test("turns a Buffer into a plain Uint8Array of its own bytes, as structuredClone does", () => {
    const bytes = Buffer.from("abc");
    const copy = cloneMessages({ bytes });
    expect(copy.bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(copy.bytes)).toBe(false);
    bytes[0] = 0;
    expect([...copy.bytes]).toEqual([97, 98, 99]);
  });

  test("leaves dates, maps, cycles and __proto__ keys to structuredClone", () => {
    const cyclic: { self?: unknown; when: Date } = { when: new Date(0) };
    cyclic.self = cyclic;
    const copy = cloneMessages(cyclic);
    expect(copy.self).toBe(copy);
    expect(copy.when).toEqual(new Date(0));
    expect(cloneMessages({ map: new Map([[1, 2]]) }).map.get(1)).toBe(2);
    const parsed = JSON.parse('{"__proto__": {"polluted": true}}');
    const parsedCopy = cloneMessages(parsed);
    expect(Object.getPrototypeOf(parsedCopy)).toBe(Object.prototype);
    expect(Object.hasOwn(parsedCopy, "__proto__")).toBe(true);
  });

  test("throws structuredClone's own error for what cannot be copied", () => {
    expect(() => cloneMessages({ run: () => 1 })).toThrow(
      expect.objectContaining({ name: "DataCloneError" }),
    );
  });
});
