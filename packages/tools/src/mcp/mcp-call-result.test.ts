import { describe, expect, test } from "vitest";
import { toToolResult } from "./mcp-call-result.js";
import { normalizeMcpTools } from "./normalize-mcp-tools.js";

const base64 = (text: string) => Buffer.from(text).toString("base64");

describe("toToolResult", () => {
  test("turns embedded resources into text or documents, and says what Bedrock cannot carry", () => {
    const answer = toToolResult({
      content: [
        {
          type: "resource",
          resource: { uri: "file:///notes/plan.txt", mimeType: "text/plain", text: "the plan" },
        },
        {
          type: "resource",
          resource: { uri: "file:///docs/Q3 report.pdf", mimeType: "application/pdf", blob: base64("%PDF") },
        },
        { type: "resource_link", uri: "file:///big.bin", name: "big" },
        { type: "audio", data: base64("riff"), mimeType: "audio/wav" },
        { type: "image", data: base64("gif"), mimeType: "image/tiff" },
      ],
    });
    expect(answer.status).toBe("success");
    expect(answer.content[0]).toEqual({ text: "the plan" });
    expect(answer.content[1]).toMatchObject({ document: { format: "pdf", name: "Q3 report" } });
    expect(answer.content.slice(2)).toEqual([
      { text: "[a link to file:///big.bin (big)]" },
      { text: "[audio content, which Bedrock cannot carry]" },
      { text: "[an image of type image/tiff, which Bedrock cannot show]" },
    ]);
  });

  test("answers an empty result with a placeholder, and isError as an error", () => {
    expect(toToolResult({ content: [], isError: true })).toEqual({
      status: "error",
      content: [{ text: "(no output)" }],
    });
  });
});

describe("normalizeMcpTools", () => {
  test("keeps two long names that share their first 64 characters apart, both valid", () => {
    const stem = "a".repeat(70);
    const { tools } = normalizeMcpTools([
      { name: `${stem}_one`, inputSchema: { type: "object" } },
      { name: `${stem}_two`, inputSchema: { type: "object" } },
      { name: "has spaces/and.dots", inputSchema: { type: "object" } },
    ]);
    expect(tools.map((tool) => tool.name.length <= 64 && /^[a-zA-Z0-9_-]+$/.test(tool.name))).toEqual([
      true,
      true,
      true,
    ]);
    expect(new Set(tools.map((tool) => tool.name)).size).toBe(3);
    expect(tools[2]).toMatchObject({ name: "has_spaces_and_dots", serverName: "has spaces/and.dots" });
  });

  test("gives an object schema its type, and leaves out what cannot be fixed, saying why", () => {
    const { tools, warnings } = normalizeMcpTools([
      {
        name: "untyped",
        description: "",
        title: "Untyped tool",
        inputSchema: { properties: { a: { type: "string" } } },
      },
      { name: "stringly", inputSchema: "not a schema" },
      { description: "no name" },
    ]);
    expect(tools).toEqual([
      {
        name: "untyped",
        serverName: "untyped",
        description: "Untyped tool",
        inputSchema: { type: "object", properties: { a: { type: "string" } } },
      },
    ]);
    expect(warnings).toEqual([
      'left out "stringly": its input schema cannot be made one Bedrock accepts.',
      "left out a tool without a name.",
    ]);
  });
});
