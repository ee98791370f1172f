import {
  type AsyncInvokeSummary,
  type BedrockRuntimeClient,
  GetAsyncInvokeCommand,
  ListAsyncInvokesCommand,
  type ListAsyncInvokesCommandInput,
  paginateListAsyncInvokes,
  StartAsyncInvokeCommand,
  ValidationException,
} from "@aws-sdk/client-bedrock-runtime";
import type { BedrockLocalOptions, Script } from "@lode/bedrock-local";
import { describe, expect, test } from "vitest";
import { asyncInvokeServers } from "./support/async-invoke-servers.js";
import { rejectionOf } from "./support/sdk-clients.js";

const MODEL = "amazon.nova-lite-v1:0";
const FAILING_MODEL = "amazon.nova-reel-v1:1";
const script: Script = {
  models: {
    [MODEL]: { turns: [{ text: "Done." }] },
    [FAILING_MODEL]: { turns: [{ error: { type: "ModelErrorException", message: "No video today." } }] },
  },
};

const jobs = asyncInvokeServers(script, "async-list-test-");
/** Listing tests want jobs that complete at once unless they say otherwise. */
const serve = (asyncInvoke: BedrockLocalOptions["asyncInvoke"] = { completeAfterMs: 0 }) =>
  jobs.serve(asyncInvoke);

async function start(client: BedrockRuntimeClient, modelId = MODEL): Promise<string> {
  const { invocationArn } = await client.send(
    new StartAsyncInvokeCommand({
      modelId,
      modelInput: { messages: [{ role: "user", content: [{ text: "Go." }] }] },
      outputDataConfig: { s3OutputDataConfig: { s3Uri: "s3://list-bucket/out" } },
    }),
  );
  return invocationArn as string;
}

/** Starts `count` jobs one after another, returning their ARNs in submission order. */
async function startMany(client: BedrockRuntimeClient, count: number): Promise<string[]> {
  const arns: string[] = [];
  for (let index = 0; index < count; index++) arns.push(await start(client));
  return arns;
}

async function listAll(client: BedrockRuntimeClient, input: ListAsyncInvokesCommandInput, pageSize: number) {
  const pages: AsyncInvokeSummary[][] = [];
  for await (const page of paginateListAsyncInvokes({ client, pageSize }, input))
    pages.push(page.asyncInvokeSummaries ?? []);
  return pages;
}

const arnsOf = (summaries: AsyncInvokeSummary[] | undefined) =>
  (summaries ?? []).map((job) => job.invocationArn);

describe("ListAsyncInvokes", () => {
  test("lists newest first by default, every job once, each summary complete", async () => {
    const { client } = await serve();
    const arns = await startMany(client, 3);
    const listed = await client.send(new ListAsyncInvokesCommand({}));
    expect(arnsOf(listed.asyncInvokeSummaries)).toEqual([...arns].reverse());
    expect(listed.nextToken).toBeUndefined();
    expect(listed.asyncInvokeSummaries?.[0]).toMatchObject({
      modelArn: `arn:aws:bedrock:us-east-1::foundation-model/${MODEL}`,
      status: "Completed",
      outputDataConfig: { s3OutputDataConfig: { s3Uri: "s3://list-bucket/out" } },
    });
    expect(listed.asyncInvokeSummaries?.[0]?.submitTime).toBeInstanceOf(Date);
    expect(listed.asyncInvokeSummaries?.[0]?.endTime).toBeInstanceOf(Date);
  });

  test.each(["Ascending", "Descending"] as const)(
    "paginateListAsyncInvokes walks %s pages with no job lost or repeated",
    async (sortOrder) => {
      const { client } = await serve();
      const arns = await startMany(client, 7);
      const pages = await listAll(client, { sortOrder, sortBy: "SubmissionTime" }, 3);
      expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
      const expected = sortOrder === "Ascending" ? arns : [...arns].reverse();
      expect(pages.flat().map((job) => job.invocationArn)).toEqual(expected);
    },
  );

  test("jobs started while a client pages neither repeat nor push others out", async () => {
    const { client } = await serve();
    const arns = await startMany(client, 4);
    const first = await client.send(new ListAsyncInvokesCommand({ sortOrder: "Descending", maxResults: 2 }));
    expect(arnsOf(first.asyncInvokeSummaries)).toEqual([arns[3], arns[2]]);
    await start(client);
    const second = await client.send(
      new ListAsyncInvokesCommand({ sortOrder: "Descending", maxResults: 2, nextToken: first.nextToken }),
    );
    expect(arnsOf(second.asyncInvokeSummaries)).toEqual([arns[1], arns[0]]);
    expect(second.nextToken).toBeUndefined();
  });

  test("statusEquals keeps the jobs in that status", async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const holding = new Set<string>();
    const { client } = await serve({
      completeAfterMs: 0,
      // Hold only the jobs this test marks, so one stays InProgress while the others end.
      holdUntil: async (arn) => {
        if (holding.size === 0) holding.add(arn);
        if (holding.has(arn)) await held;
      },
    });
    const running = await start(client);
    const completed = await start(client);
    const failed = await start(client, FAILING_MODEL);
    for (const arn of [completed, failed]) {
      while ((await client.send(new GetAsyncInvokeCommand({ invocationArn: arn }))).status === "InProgress")
        await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const byStatus = async (statusEquals: "InProgress" | "Completed" | "Failed") =>
      arnsOf((await client.send(new ListAsyncInvokesCommand({ statusEquals }))).asyncInvokeSummaries);
    expect(await byStatus("InProgress")).toEqual([running]);
    expect(await byStatus("Completed")).toEqual([completed]);
    expect(await byStatus("Failed")).toEqual([failed]);
    const failedSummary = (await client.send(new ListAsyncInvokesCommand({ statusEquals: "Failed" })))
      .asyncInvokeSummaries?.[0];
    expect(failedSummary?.failureMessage).toBe("No video today.");
    release();
  });

  test("submitTimeAfter and submitTimeBefore keep jobs submitted strictly after or before", async () => {
    const { client } = await serve();
    const earlier = await start(client);
    const earlierTime = (await client.send(new GetAsyncInvokeCommand({ invocationArn: earlier })))
      .submitTime as Date;
    // Wait for the clock to move on so the two jobs have distinct submit times.
    while (Date.now() <= earlierTime.getTime() + 1) await new Promise((resolve) => setTimeout(resolve, 2));
    const later = await start(client);
    const laterTime = (await client.send(new GetAsyncInvokeCommand({ invocationArn: later })))
      .submitTime as Date;

    const after = await client.send(new ListAsyncInvokesCommand({ submitTimeAfter: earlierTime }));
    expect(arnsOf(after.asyncInvokeSummaries)).toEqual([later]);
    const before = await client.send(new ListAsyncInvokesCommand({ submitTimeBefore: laterTime }));
    expect(arnsOf(before.asyncInvokeSummaries)).toEqual([earlier]);
    const between = await client.send(
      new ListAsyncInvokesCommand({
        submitTimeAfter: laterTime,
        submitTimeBefore: new Date(laterTime.getTime() + 60_000),
      }),
    );
    expect(between.asyncInvokeSummaries).toEqual([]);
  });

  test("a garbage nextToken, one from another query and one from another server are ValidationExceptions", async () => {
    const { client } = await serve();
    await startMany(client, 3);
    const page = await client.send(new ListAsyncInvokesCommand({ maxResults: 1 }));
    expect(page.nextToken).toEqual(expect.any(String));

    const garbage = await rejectionOf(client.send(new ListAsyncInvokesCommand({ nextToken: "garbage" })));
    expect(garbage).toBeInstanceOf(ValidationException);
    expect((garbage as Error).message).toMatch(/nextToken is not valid/);

    const otherQuery = await rejectionOf(
      client.send(new ListAsyncInvokesCommand({ nextToken: page.nextToken, sortOrder: "Ascending" })),
    );
    expect(otherQuery).toBeInstanceOf(ValidationException);
    expect((otherQuery as Error).message).toMatch(/other filters or sort order/);

    const other = await serve();
    const otherServer = await rejectionOf(
      other.client.send(new ListAsyncInvokesCommand({ nextToken: page.nextToken })),
    );
    expect(otherServer).toBeInstanceOf(ValidationException);
  });

  test.each([
    [
      { maxResults: 0 },
      "Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1",
    ],
    [
      { maxResults: 1001 },
      "Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000",
    ],
    [
      { statusEquals: "Running" },
      "Value 'Running' at 'statusEquals' failed to satisfy constraint: Member must satisfy enum value set: [InProgress, Completed, Failed]",
    ],
    [
      { sortOrder: "Sideways" },
      "Value 'Sideways' at 'sortOrder' failed to satisfy constraint: Member must satisfy enum value set: [Ascending, Descending]",
    ],
    [
      { sortBy: "Name" },
      "Value 'Name' at 'sortBy' failed to satisfy constraint: Member must satisfy enum value set: [SubmissionTime]",
    ],
  ] as [ListAsyncInvokesCommandInput, string][])("%j is a ValidationException", async (input, detail) => {
    const { client } = await serve();
    const error = await rejectionOf(client.send(new ListAsyncInvokesCommand(input)));
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as Error).message).toBe(`1 validation error detected: ${detail}`);
  });
});
