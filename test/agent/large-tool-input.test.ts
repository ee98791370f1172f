import { defineTool } from "@lode/tools";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { collectEvents, eventsOfType, scriptedAgentPerTest, scriptOf } from "../support/scripted-agent.js";

const startAgent = scriptedAgentPerTest();

const fileInput = z.object({
  path: z.string(),
  content: z.string(),
  lines: z.array(z.object({ n: z.number(), text: z.string(), ok: z.boolean(), ratio: z.number() })),
});
type FileInput = z.infer<typeof fileInput>;

/** About 1 MB of tool input: a long string full of quotes, backslashes and escapes, then 3,000 small objects. */
function bigInput(): { input: FileInput; rawInput: string } {
  const rows: string[] = [];
  for (let i = 0; i < 13_000; i++) rows.push(`row ${i}: "quoted" C:\\tmp\\${i} café 😀 \u0007\tend\n`);
  const input: FileInput = {
    path: "big.txt",
    content: rows.join(""),
    lines: Array.from({ length: 3_000 }, (_, n) => ({ n, text: `line ${n}`, ok: n % 3 === 0, ratio: n / 7 })),
  };
  // Indented, and with non-ASCII characters written as \u escapes (a surrogate pair for the emoji).
  const rawInput = JSON.stringify(input, null, 1)
    .replaceAll("é", "\\u00e9")
    .replaceAll("😀", "\\ud83d\\ude00");
  return { input, rawInput };
}

describe("a tool input of about 1 MB", () => {
  test("streams as thousands of growing partial inputs, then runs the tool with exactly that input", async () => {
    const { input, rawInput } = bigInput();
    expect(rawInput.length).toBeGreaterThan(1_000_000);
    let received: FileInput | undefined;
    const writeFile = defineTool({
      name: "write_file",
      description: "Writes a file.",
      input: fileInput,
      run: (given) => {
        received = given;
        return `Wrote ${given.content.length} characters.`;
      },
    });
    const harness = await startAgent(
      scriptOf(
        { content: [{ toolUse: { name: "write_file", input, rawInput, id: "tu_big" } }], chunkSize: 64 },
        { text: "Saved." },
      ),
      { tools: [writeFile] },
    );

    const stream = harness.agent.stream("Save the big file.");
    const events = await collectEvents(stream);
    const result = await stream.result;

    const deltas = eventsOfType(events, "tool-input-delta");
    expect(deltas.length).toBeGreaterThan(15_000);
    expect(deltas.map((event) => event.delta).join("")).toBe(rawInput);
    const partials = deltas.map((event) => event.partialInput as Partial<FileInput> | undefined);
    // Lengths only: reading every snapshot's characters would flatten each rope, a quadratic cost of the test's own.
    const contentLengths = partials.map((partial) => partial?.content?.length ?? 0);
    const lineCounts = partials.map((partial) => partial?.lines?.length ?? 0);
    expect(contentLengths.every((length, i) => i === 0 || length >= (contentLengths[i - 1] ?? 0))).toBe(true);
    expect(lineCounts.every((count, i) => i === 0 || count >= (lineCounts[i - 1] ?? 0))).toBe(true);
    expect(new Set(contentLengths).size).toBeGreaterThan(10_000);
    for (const at of [0.1, 0.5, 0.9]) {
      const partial = partials[Math.floor(partials.length * at)];
      expect(input.content.startsWith(partial?.content ?? "")).toBe(true);
    }
    const lastInLines = partials.findLast((partial) => (partial?.lines?.length ?? 0) > 1);
    expect(input.lines.slice(0, (lastInLines?.lines?.length ?? 0) - 1)).toEqual(
      lastInLines?.lines?.slice(0, -1),
    );
    expect(partials.at(-1)).toEqual(input);

    expect(eventsOfType(events, "tool-call")[0]?.input).toEqual(input);
    expect(received).toEqual(input);
    expect(result.text).toBe("Saved.");
    expect(eventsOfType(events, "run-end")).toHaveLength(1);
  });
});
