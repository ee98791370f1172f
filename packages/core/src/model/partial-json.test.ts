import { describe, expect, it } from "vitest";
import { parsePartialJson } from "./partial-json.js";

describe("parsePartialJson", () => {
  it("parses whole documents as JSON.parse does", () => {
    expect(parsePartialJson('{"city":"Lisbon","days":[1,2]}')).toEqual({ city: "Lisbon", days: [1, 2] });
  });

  it("shows a half-written string value as far as it goes", () => {
    expect(parsePartialJson('{"city":"Lis')).toEqual({ city: "Lis" });
  });

  it("leaves out a key that has no value yet", () => {
    expect(parsePartialJson('{"city":"Lisbon","uni')).toEqual({ city: "Lisbon" });
    expect(parsePartialJson('{"city":"Lisbon","units":')).toEqual({ city: "Lisbon" });
  });

  it("closes nested arrays and objects", () => {
    expect(parsePartialJson('{"stops":[{"lat":1.5,"lon":2},{"lat":3')).toEqual({
      stops: [{ lat: 1.5, lon: 2 }, { lat: 3 }],
    });
  });

  it("waits for a literal to be whole", () => {
    expect(parsePartialJson('{"ok":tr')).toEqual({});
    expect(parsePartialJson('{"ok":true')).toEqual({ ok: true });
  });

  it("returns undefined before anything has arrived", () => {
    expect(parsePartialJson("")).toBeUndefined();
    expect(parsePartialJson('"')).toEqual("");
  });

  it("keeps escaped quotes inside strings", () => {
    expect(parsePartialJson('{"q":"say \\"hi')).toEqual({ q: 'say "hi' });
  });
});
