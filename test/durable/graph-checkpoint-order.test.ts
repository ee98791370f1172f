import { type GraphCheckpoint, graph, START } from "@lode/graph";
import { describe, expect, test } from "vitest";
import { z } from "zod";

describe("a graph's checkpoints, for a worker that takes a run over", () => {
  test("hold a node's write before its node-end is streamed (a streamed end is never run again)", async () => {
    const saved: GraphCheckpoint[] = [];
    const checkpointer = {
      // Slow, as a store over the network is: an end told before the save lands would come first here.
      save: async (checkpoint: GraphCheckpoint) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        saved.push(structuredClone(checkpoint));
      },
    };
    const steps = graph({ name: "steps", state: z.object({ a: z.number(), b: z.number(), c: z.number() }) })
      .node("left", () => ({ a: 1 }))
      .node("right", async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        return { b: 2 };
      })
      .node("last", (s) => ({ c: s.a + s.b }))
      .edge(START, "left")
      .edge(START, "right")
      .edge(["left", "right"], "last")
      .build();
    const ends: string[] = [];
    for await (const event of steps.stream({ a: 0, b: 0, c: 0 }, { checkpointer })) {
      if (event.type !== "node-end") continue;
      ends.push(event.taskId);
      const holds = saved.some(
        (checkpoint) =>
          checkpoint.writes[event.taskId]?.status === "done" ||
          checkpoint.nodes.some((node) => node.taskId === event.taskId),
      );
      expect(holds, `the checkpoint holds ${event.taskId} when its end is streamed`).toBe(true);
    }
    expect(ends.sort()).toEqual(["0:left:0", "0:right:0", "1:last:0"]);
    expect(saved.at(-1)?.state).toEqual({ a: 1, b: 2, c: 3 });
  });
});
