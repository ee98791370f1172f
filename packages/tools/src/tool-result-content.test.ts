import { describe, expect, test } from "vitest";
import { z } from "zod";
import { defineTool } from "./define-tool.js";
import { toolContext } from "./tool-context.test-support.js";
import {
  document,
  image,
  resultBlocks,
  type ToolReturn,
  toToolResultContent,
} from "./tool-result-content.js";

/** What a tool returning `value` sends back to Bedrock, through defineTool's real `run`. */
function resultOf(value: ToolReturn) {
  const tool = defineTool({
    name: "returns",
    description: "Returns a fixed value.",
    input: z.object({}),
    run: async () => value,
  });
  return tool.run({}, toolContext);
}

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);

describe("tool return values become result blocks", () => {
  test("maps a string to a text block", async () => {
    await expect(resultOf("22°C and sunny")).resolves.toEqual([{ text: "22°C and sunny" }]);
  });

  test("maps an empty string to a non-empty text block", async () => {
    await expect(resultOf("")).resolves.toEqual([{ text: "(empty)" }]);
  });

  test("maps an object to a json block", async () => {
    const value = { temperature: 22, unit: "celsius", tags: ["sunny"] };
    await expect(resultOf(value)).resolves.toEqual([{ json: value }]);
  });

  test("wraps an array in { result } because a json result must be an object", async () => {
    await expect(resultOf([1, 2, 3])).resolves.toEqual([{ json: { result: [1, 2, 3] } }]);
  });

  test.each([42, 0, true, false])("wraps the scalar %j in { result }", async (value) => {
    await expect(resultOf(value)).resolves.toEqual([{ json: { result: value } }]);
  });

  test.each([undefined, null])("maps %s to a short text block", async (value) => {
    await expect(resultOf(value)).resolves.toEqual([{ text: "(no output)" }]);
  });

  test("passes an image() result through as an image block", async () => {
    await expect(resultOf(image(png, "png"))).resolves.toEqual([
      { image: { format: "png", source: { bytes: png } } },
    ]);
  });

  test("passes a document() result through as a document block", async () => {
    const bytes = new TextEncoder().encode("a,b\n1,2\n");
    await expect(resultOf(document(bytes, "csv", "table"))).resolves.toEqual([
      { document: { format: "csv", name: "table", source: { bytes } } },
    ]);
  });

  test("passes resultBlocks() through unchanged, mixing kinds", async () => {
    const blocks = [
      { text: "Here is the chart:" },
      { image: { format: "png" as const, source: { bytes: png } } },
    ];
    await expect(resultOf(resultBlocks(blocks))).resolves.toEqual(blocks);
  });

  test("does not mistake a plain object with a blocks key for result blocks", () => {
    expect(toToolResultContent({ blocks: [{ text: "x" }] })).toEqual([{ json: { blocks: [{ text: "x" }] } }]);
  });
});
