import { describe, expect, test } from "vitest";
import { packageNameProblem } from "./package-name.js";

describe("packageNameProblem", () => {
  test("accepts names npm accepts", () => {
    for (const name of ["my-agent", "agent2", "a.b_c-d", "x".repeat(214)])
      expect(packageNameProblem(name)).toBe(undefined);
  });

  test.each([
    ["", "it is empty"],
    ["x".repeat(215), "it is longer than 214 characters"],
    ["My-Agent", "it has capital letters"],
    ["my agent", "it contains spaces"],
    [".hidden", "it starts with a dot"],
    ["_private", "it starts with an underscore"],
    ["wow!", "it contains one of ~'!()*"],
    ["a#b", "it contains characters that are not URL-safe"],
    ["café", "it contains characters that are not URL-safe"],
    ["node_modules", "node_modules is reserved"],
    ["http", "http is the name of a Node.js built-in module"],
  ])("rejects %j: %s", (name, problem) => {
    expect(packageNameProblem(name)).toBe(problem);
  });
});
