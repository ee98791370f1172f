import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { startBedrockLocal } from "@lode/bedrock-local";
import type { RerunResult } from "../protocol/api.js";
import type { RunRecord } from "../protocol/run-record.js";
import { studio } from "../reporter/studio.js";
import { rebuildAgent } from "./rebuild-agent.js";
import { replayPlan } from "./replay-plan.js";
import { savableSteps } from "./savable-run.js";
import { writeRecordings } from "./write-recordings.js";

/**
 * Runs the run again with the same inputs, its model calls answered by bedrock-local from the run's own
 * recordings (matched strictly) and its tools by their recorded results; the new run reports to the studio
 * at `studioUrl` as a re-run of the original. Resolves with the new run's id once it ended, whether or not it
 * went the same way.
 */
export async function rerun(record: RunRecord, options: { studioUrl: string }): Promise<RerunResult> {
  const steps = savableSteps(record);
  const plan = replayPlan(record, steps);
  const folder = await mkdtemp(path.join(tmpdir(), "lode-studio-rerun-"));
  try {
    await writeRecordings(folder, steps, record.id);
    const server = await startBedrockLocal({ replay: folder, replayMatching: "strict" });
    // One attempt per call: a replay answers each request once, and the agent retries itself.
    const client = new BedrockRuntimeClient({ ...server.clientConfig, maxAttempts: 1 });
    try {
      const agent = rebuildAgent(plan, {
        client,
        instrumentation: studio({ url: options.studioUrl, rerunOf: record.id }),
      });
      const runId = randomUUID();
      // A run that goes differently fails (strict replay refuses a request it has no recording of): it
      // reported its failure to the studio, which shows the re-run with its reason, so it resolves too.
      await agent.run(plan.input, { runId }).catch(() => undefined);
      await agent.close();
      return { runId };
    } finally {
      client.destroy();
      await server.close();
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
