import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { describe, expect, it, test } from "vitest";
import { IncrementalJsonParser } from "./incremental-json-parser.js";
import { parsePartialJson } from "./partial-json.js";

/** The value after each of `chunks`, fed in order to one parser. */
function valuesAfter(chunks: string[]): unknown[] {
  const parser = new IncrementalJsonParser();
  return chunks.map((chunk) => {
    parser.feed(chunk);
    return parser.value();
  });
}

/** Every character of `text` fed on its own: the value after each. */
const valuesPerChar = (text: string) => valuesAfter([...text]);

describe("IncrementalJsonParser", () => {
  it("decodes escapes split across pieces, a \\u escape between its digits too", () => {
    expect(valuesAfter(['{"s":"caf\\u00', "e9 \\", 'n\\"ok\\/"}'])).toEqual([
      { s: "caf" },
      { s: "café " },
      { s: 'café \n"ok/' },
    ]);
    expect(valuesPerChar('"\\u00E9"')).toEqual(["", "", "", "", "", "", "é", "é"]);
  });

  it("joins a surrogate pair written as two escapes, and keeps raw ones", () => {
    const values = valuesAfter(['["\\ud83d', '\\ude00", "😀', '"]']);
    expect(values).toEqual([["\ud83d"], ["😀", "😀"], ["😀", "😀"]]);
  });

  it("opens nested arrays and objects as they begin, empty ones included", () => {
    expect(valuesPerChar('{"a":[{},[]],"b":{}}')).toEqual([
      {},
      ...Array(4).fill({}),
      { a: [] },
      { a: [{}] },
      { a: [{}] },
      { a: [{}] },
      { a: [{}, []] },
      { a: [{}, []] },
      { a: [{}, []] },
      ...Array(5).fill({ a: [{}, []] }),
      { a: [{}, []], b: {} },
      { a: [{}, []], b: {} },
      { a: [{}, []], b: {} },
    ]);
  });

  it("shows a number as its longest valid prefix while it arrives", () => {
    expect(valuesPerChar("[-12.5e+3]")).toEqual([
      [],
      [],
      [-1],
      [-12],
      [-12],
      [-12.5],
      [-12.5],
      [-12.5],
      [-12500],
      [-12500],
    ]);
    expect(valuesAfter(["[0", ".", "25", ",1E2", "]"])).toEqual([[0], [0], [0.25], [0.25, 100], [0.25, 100]]);
    expect(valuesAfter(["-", "0"])).toEqual([undefined, -0]);
  });

  it("leaves a literal out until it is whole", () => {
    expect(valuesAfter(['{"a":t', "ru", "e,", '"b":nu', "ll", ',"c":[fals', "e]}"])).toEqual([
      {},
      {},
      { a: true },
      { a: true },
      { a: true, b: null },
      { a: true, b: null, c: [] },
      { a: true, b: null, c: [false] },
    ]);
  });

  it("takes whitespace wherever JSON allows it", () => {
    const text = ' \n\t{ "a" :\r\n [ 1 , "x" , true ] , "b" : { } } \n';
    expect(valuesAfter([text])).toEqual([JSON.parse(text)]);
    expect(valuesAfter(["  ", "\n"])).toEqual([undefined, undefined]);
  });

  it("reads a document that is one scalar", () => {
    expect(valuesAfter(['"ab', 'c"'])).toEqual(["ab", "abc"]);
    expect(valuesAfter(["12", "3 "])).toEqual([12, 123]);
    expect(valuesAfter(["nul", "l"])).toEqual([undefined, null]);
  });

  it("keeps a __proto__ key as JSON.parse does", () => {
    const text = '{"__proto__":{"x":1},"y":"__proto__"}';
    const value = valuesAfter([text])[0] as object;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(["__proto__", "y"]);
    expect(value).toEqual(JSON.parse(text));
  });

  it("returns the same snapshot until a piece changes what it shows", () => {
    const parser = new IncrementalJsonParser();
    parser.feed('{"a":"x"');
    const first = parser.value();
    parser.feed(', "b');
    expect(parser.value()).toBe(first);
    parser.feed('": "');
    expect(parser.value()).not.toBe(first);
  });

  it.each([
    ['{"a":1,"b":x', { a: 1 }],
    ['{"a":[1.]', { a: [1] }],
    ['["ok", 01]', ["ok", 0]],
    ['{"a":"bad \\x escape"}', { a: "bad " }],
    ['["tab\there"]', ["tab"]],
    ['{"a":1}}', { a: 1 }],
    ['{"a" 1}', {}],
    ["[1,]", [1]],
    ["[trux]", []],
    ['"\\u12G4"', ""],
  ])("stops at text that is not JSON, keeping the last good value: %s", (text, expected) => {
    const parser = new IncrementalJsonParser();
    for (const char of text) parser.feed(char);
    expect(parser.broken).toBe(true);
    expect(parser.value()).toEqual(expected);
    parser.feed('"more", 1]}');
    expect(parser.value()).toEqual(expected);
    expect(parsePartialJson(text)).toEqual(expected);
  });
});

/** Whether `partial` could be what a prefix of `whole`'s text shows (see the class's display rules). */
function isPartialOf(partial: unknown, whole: unknown): boolean {
  if (partial === undefined) return true;
  if (typeof whole === "string") return typeof partial === "string" && whole.startsWith(partial);
  if (typeof whole === "number") return typeof partial === "number";
  if (typeof whole !== "object" || whole === null) return partial === whole;
  if (Array.isArray(whole)) {
    if (!Array.isArray(partial) || partial.length > whole.length) return false;
    const last = partial.length - 1;
    return partial.every((item, i) =>
      i < last ? isDeepStrictEqual(item, whole[i]) : isPartialOf(item, whole[i]),
    );
  }
  if (typeof partial !== "object" || partial === null || Array.isArray(partial)) return false;
  const keys = Object.keys(partial);
  const wholeKeys = Object.keys(whole);
  const entries = whole as Record<string, unknown>;
  const partialEntries = partial as Record<string, unknown>;
  return keys.every(
    (key, i) =>
      key === wholeKeys[i] &&
      (i < keys.length - 1
        ? isDeepStrictEqual(partialEntries[key], entries[key])
        : isPartialOf(partialEntries[key], entries[key])),
  );
}

/** A JSON document's text, indented one of several ways, with strings of any code points sometimes. */
const documentText = fc
  .tuple(
    fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.jsonValue({ maxDepth: 3, stringUnit: "binary" })),
    fc.constantFrom(undefined, 1, 2, "\t", " \r\n"),
  )
  .map(([value, indent]) => JSON.stringify(value, null, indent as string | number | undefined));

/** `text` cut at the given points (each taken modulo its length): the pieces, in order, empty ones kept. */
function split(text: string, cuts: number[]): string[] {
  const points = [0, ...cuts.map((cut) => cut % (text.length + 1)).sort((a, b) => a - b), text.length];
  return points.slice(1).map((end, i) => text.slice(points[i], end));
}

describe("IncrementalJsonParser, for any document split anywhere", () => {
  test("agrees with JSON.parse at the end, with the whole prefix at every piece, and never changes a snapshot", () => {
    fc.assert(
      fc.property(documentText, fc.array(fc.nat(), { maxLength: 40 }), (text, cuts) => {
        const chunks = split(text, cuts);
        const whole = JSON.parse(text);
        const parser = new IncrementalJsonParser();
        const snapshots: { value: unknown; copy: unknown }[] = [];
        let prefix = "";
        for (const chunk of chunks) {
          parser.feed(chunk);
          prefix += chunk;
          const value = parser.value();
          expect(value).toEqual(parsePartialJson(prefix));
          expect(isPartialOf(value, whole)).toBe(true);
          snapshots.push({ value, copy: structuredClone(value) });
        }
        expect(parser.broken).toBe(false);
        expect(parser.value()).toEqual(whole);
        for (const { value, copy } of snapshots) expect(value).toEqual(copy);
      }),
      { numRuns: 300 },
    );
  });

  test("never throws on any text, and calls it whole and unbroken exactly when it is JSON", () => {
    const jsonish = fc.string({ unit: fc.constantFrom(...'{}[],:"\\u0a1-+.eEtrunlfs \n'), maxLength: 30 });
    const mutated = fc
      .tuple(documentText, fc.nat(), fc.constantFrom(...'{}[],:"\\x0-.e \n'))
      .map(
        ([text, at, char]) =>
          text.slice(0, at % (text.length + 1)) + char + text.slice(at % (text.length + 1)),
      );
    fc.assert(
      fc.property(fc.oneof(jsonish, mutated), fc.array(fc.nat(), { maxLength: 10 }), (text, cuts) => {
        const parser = new IncrementalJsonParser();
        let brokenValue: unknown;
        // A space after the text ends a top-level number and changes nothing else.
        for (const chunk of [...split(text, cuts), " "]) {
          const wasBroken = parser.broken;
          parser.feed(chunk);
          if (wasBroken) expect(parser.value()).toBe(brokenValue);
          brokenValue = parser.value();
        }
        expect(parser.value()).toEqual(parsePartialJson(`${text} `));
        let parsed: { value: unknown } | undefined;
        try {
          parsed = { value: JSON.parse(text) };
        } catch {
          parsed = undefined;
        }
        expect(parser.complete).toBe(parsed !== undefined);
        if (parsed) expect(parser.value()).toEqual(parsed.value);
      }),
      { numRuns: 500 },
    );
  });
});
