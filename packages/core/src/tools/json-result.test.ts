import { describe, expect, test } from "vitest";
import { MAX_RESULT_DEPTH, toJsonResult } from "./json-result.js";

/** An object nesting `levels` objects deep. */
function nested(levels: number): unknown {
  let value: unknown = {};
  for (let level = 0; level < levels; level++) value = { inner: value };
  return value;
}

describe("toJsonResult", () => {
  test("keeps an object that appears twice without being its own ancestor", () => {
    const shared = { id: 1 };
    expect(toJsonResult({ a: shared, b: [shared] })).toEqual({
      ok: true,
      value: { a: { id: 1 }, b: [{ id: 1 }] },
    });
  });

  test("uses toJSON as JSON.stringify does, with the property's key", () => {
    const value = { when: { toJSON: (key: string) => `key ${key}` } };
    expect(toJsonResult(value)).toEqual({ ok: true, value: { when: "key when" } });
  });

  test("takes a class instance's own enumerable data", () => {
    class Point {
      constructor(
        readonly x: number,
        readonly y: number,
      ) {}
    }
    expect(toJsonResult({ at: new Point(1, 2) })).toEqual({ ok: true, value: { at: { x: 1, y: 2 } } });
  });

  test("refuses nesting past the limit with a shortened path", () => {
    expect(toJsonResult(nested(MAX_RESULT_DEPTH - 1)).ok).toBe(true);
    const refused = toJsonResult(nested(MAX_RESULT_DEPTH));
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.reason).toMatch(/^\$\.inner\.inner.*….*inner nests deeper than 1000 levels/);
    expect(refused.reason.length).toBeLessThan(200);
  });

  test("names a toJSON that throws", () => {
    const value = {
      bad: {
        toJSON: () => {
          throw new Error("no");
        },
      },
    };
    expect(toJsonResult(value)).toEqual({ ok: false, reason: "$.bad.toJSON() threw: no" });
  });

  test("quotes a key that is not a plain name in the path", () => {
    const loop: Record<string, unknown> = {};
    loop["a b"] = loop;
    expect(toJsonResult(loop)).toEqual({
      ok: false,
      reason: '$["a b"] is a circular reference (an object that contains itself)',
    });
  });
});
