import { describe, expect, test } from "vitest";
import { nodeStatuses, withStatuses } from "./graph-status.js";

const MERMAID =
  'flowchart TD\n  __start__([start])\n  plan["plan"]\n  web_search["web search"]\n  __start__ --> plan\n';

describe("graph node statuses", () => {
  test("a node is running while any of its tasks runs, else it has its latest task's status", () => {
    const statuses = nodeStatuses({
      mermaid: MERMAID,
      tasks: [
        { taskId: "1", node: "plan", step: 1, status: "done", startedAt: 1, endedAt: 2 },
        { taskId: "2", node: "web search", step: 2, status: "running", startedAt: 3 },
        { taskId: "3", node: "web search", step: 2, status: "done", startedAt: 4, endedAt: 5 },
        { taskId: "4", node: "plan", step: 3, status: "paused", startedAt: 6, endedAt: 7 },
      ],
    });
    expect([...statuses]).toEqual([
      ["plan", "paused"],
      ["web search", "running"],
    ]);
  });

  test("the drawing gets classDefs and a class line per status, naming nodes by their Mermaid ids", () => {
    const text = withStatuses(
      MERMAID,
      new Map([
        ["plan", "done"],
        ["web search", "running"],
      ]),
    );
    expect(text.startsWith(MERMAID.trimEnd())).toBe(true);
    expect(text).toContain("classDef lodeRunning");
    expect(text).toContain("  class web_search lodeRunning\n");
    expect(text).toContain("  class plan lodeDone\n");
    expect(text).not.toContain("lodePaused\n  class");
  });
});
