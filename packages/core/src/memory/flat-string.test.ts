import { randomUUID } from "node:crypto";
import { expect, test } from "vitest";
import { flatString } from "./flat-string.js";

test("returns the same text", () => {
  const id = randomUUID();
  expect(flatString(id)).toBe(id);
  expect(flatString(`${id}:3`)).toBe(`${id}:3`);
  expect(flatString("")).toBe("");
});
