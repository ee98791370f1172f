import { describe, expect, test } from "vitest";
import { jsonDiff } from "./json-diff.js";

describe("jsonDiff", () => {
  test("names each path whose value differs, arrays by index", () => {
    expect(
      jsonDiff(
        { messages: [{ content: [{ text: "a" }] }], system: "s", keep: 1 },
        { messages: [{ content: [{ text: "b" }, { text: "c" }] }], system: "s", keep: 1, added: true },
      ),
    ).toEqual([
      { path: "messages.0.content.0.text", a: "a", b: "b" },
      { path: "messages.0.content.1", a: undefined, b: { text: "c" } },
      { path: "added", a: undefined, b: true },
    ]);
  });

  test("a container against a value, or an array against an object, is one difference", () => {
    expect(jsonDiff({ x: [1] }, { x: { 0: 1 } })).toEqual([{ path: "x", a: [1], b: { 0: 1 } }]);
    expect(jsonDiff(1, { a: 1 })).toEqual([{ path: "", a: 1, b: { a: 1 } }]);
    expect(jsonDiff({ a: [1, 2] }, { a: [1, 2] })).toEqual([]);
  });
});
