import { describe, expect, it } from "vitest";
import { maskEntities } from "./mask-entities.js";

describe("maskEntities", () => {
  it("replaces each entity with its type, whatever order they come in", () => {
    const text = "Mail ada@example.com or call (555) 010-4477.";
    const email = { begin: 5, end: 20, type: "EMAIL" };
    const phone = { begin: 29, end: 43, type: "PHONE" };
    expect(maskEntities(text, [phone, email])).toBe("Mail {EMAIL} or call {PHONE}.");
  });

  it("masks overlapping entities as one span, named after the first", () => {
    const text = "See https://example.com/?to=ada@example.com now";
    const url = { begin: 4, end: 43, type: "URL" };
    const email = { begin: 28, end: 43, type: "EMAIL" };
    expect(maskEntities(text, [email, url])).toBe("See {URL} now");
  });

  it("leaves text without entities as it is", () => {
    expect(maskEntities("Nothing here.", [])).toBe("Nothing here.");
  });
});
