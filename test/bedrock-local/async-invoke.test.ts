import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  type BedrockRuntimeClient,
  ConflictException,
  GetAsyncInvokeCommand,
  type GetAsyncInvokeCommandOutput,
  ListAsyncInvokesCommand,
  ResourceNotFoundException,
  StartAsyncInvokeCommand,
  type StartAsyncInvokeCommandInput,
  ValidationException,
} from "@aws-sdk/client-bedrock-runtime";
import type { Script } from "@lode/bedrock-local";
import { describe, expect, test } from "vitest";
import { asyncInvokeServers } from "./support/async-invoke-servers.js";
import { http1Client, rejectionOf } from "./support/sdk-clients.js";

const MODEL = "amazon.nova-lite-v1:0";
const FAILING_MODEL = "amazon.nova-reel-v1:1";
const script: Script = {
  models: {
    [MODEL]: { turns: [{ text: "An answer written to S3." }] },
    [FAILING_MODEL]: {
      turns: [{ error: { type: "ModelErrorException", message: "The video could not be generated." } }],
    },
  },
};

const jobs = asyncInvokeServers(script, "async-invoke-test-");
const serve = jobs.serve;

function startInput(overrides: Partial<StartAsyncInvokeCommandInput> = {}): StartAsyncInvokeCommandInput {
  return {
    modelId: MODEL,
    modelInput: { messages: [{ role: "user", content: [{ text: "Write something." }] }] },
    outputDataConfig: { s3OutputDataConfig: { s3Uri: "s3://my-bucket/async/run-1" } },
    ...overrides,
  };
}

/** Polls GetAsyncInvoke until the job has ended. */
async function waitForEnd(
  client: BedrockRuntimeClient,
  invocationArn: string,
): Promise<GetAsyncInvokeCommandOutput> {
  for (;;) {
    const job = await client.send(new GetAsyncInvokeCommand({ invocationArn }));
    if (job.status !== "InProgress") return job;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function invocationIdOf(arn: string): string {
  return arn.split("/").at(-1) as string;
}

describe("StartAsyncInvoke and GetAsyncInvoke", () => {
  test("a job is InProgress until it ends, then Completed with its output and manifest on disk", async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { client } = await serve({ completeAfterMs: 0, holdUntil: () => held });

    const { invocationArn } = await client.send(
      new StartAsyncInvokeCommand(startInput({ tags: [{ key: "team", value: "qa" }] })),
    );
    expect(invocationArn).toMatch(/^arn:aws:bedrock:us-east-1:000000000000:async-invoke\/[a-z0-9]{12}$/);
    const arn = invocationArn as string;

    const running = await client.send(new GetAsyncInvokeCommand({ invocationArn: arn }));
    expect(running).toMatchObject({
      invocationArn: arn,
      modelArn: `arn:aws:bedrock:us-east-1::foundation-model/${MODEL}`,
      status: "InProgress",
      outputDataConfig: { s3OutputDataConfig: { s3Uri: "s3://my-bucket/async/run-1" } },
    });
    expect(running.clientRequestToken).toEqual(expect.any(String));
    expect(running.submitTime).toBeInstanceOf(Date);
    expect(running.endTime).toBeUndefined();
    const folder = path.join(jobs.outputDir, "my-bucket", "async", "run-1", invocationIdOf(arn));
    await expect(stat(folder)).rejects.toThrow();

    release();
    const done = await waitForEnd(client, arn);
    expect(done.status).toBe("Completed");
    expect(done.failureMessage).toBeUndefined();
    expect(done.endTime).toBeInstanceOf(Date);
    expect(done.lastModifiedTime?.getTime()).toBe(done.endTime?.getTime());
    expect(done.endTime?.getTime()).toBeGreaterThanOrEqual(done.submitTime?.getTime() ?? Number.NaN);

    const output = JSON.parse(await readFile(path.join(folder, "output.json"), "utf8"));
    expect(output.output.message).toEqual({
      role: "assistant",
      content: [{ text: "An answer written to S3." }],
    });
    expect(output.stopReason).toBe("end_turn");
    const manifest = JSON.parse(await readFile(path.join(folder, "manifest.json"), "utf8"));
    expect(manifest).toEqual({
      invocationArn: arn,
      modelArn: `arn:aws:bedrock:us-east-1::foundation-model/${MODEL}`,
      outputFiles: [`s3://my-bucket/async/run-1/${invocationIdOf(arn)}/output.json`],
    });
  });

  test("with the default timing a job ends on its own", async () => {
    const { client } = await serve();
    const { invocationArn } = await client.send(new StartAsyncInvokeCommand(startInput()));
    const done = await waitForEnd(client, invocationArn as string);
    expect(done.status).toBe("Completed");
  });

  test("a script turn with an error fails the job with its message, and writes no output", async () => {
    const { client } = await serve({ completeAfterMs: 0 });
    const { invocationArn } = await client.send(
      new StartAsyncInvokeCommand(
        startInput({
          modelId: FAILING_MODEL,
          modelInput: { taskType: "TEXT_VIDEO", textToVideoParams: { text: "A cat." } },
        }),
      ),
    );
    const done = await client.send(new GetAsyncInvokeCommand({ invocationArn }));
    expect(done).toMatchObject({ status: "Failed", failureMessage: "The video could not be generated." });
    expect(done.endTime).toBeInstanceOf(Date);
    const folder = path.join(
      jobs.outputDir,
      "my-bucket",
      "async",
      "run-1",
      invocationIdOf(invocationArn as string),
    );
    await expect(stat(folder)).rejects.toThrow();
  });

  test("the same clientRequestToken with the same request returns the same ARN and starts one job", async () => {
    const { client } = await serve({ completeAfterMs: 0 });
    const input = startInput({ clientRequestToken: "retry-me-0001" });
    const first = await client.send(new StartAsyncInvokeCommand(input));
    const second = await client.send(new StartAsyncInvokeCommand(input));
    expect(second.invocationArn).toBe(first.invocationArn);
    const listed = await client.send(new ListAsyncInvokesCommand({}));
    expect(listed.asyncInvokeSummaries?.map((job) => job.invocationArn)).toEqual([first.invocationArn]);
    expect(listed.asyncInvokeSummaries?.[0]?.clientRequestToken).toBe("retry-me-0001");
  });

  test("the same clientRequestToken with a different request is a ConflictException", async () => {
    const { client } = await serve({ completeAfterMs: 0 });
    const first = await client.send(
      new StartAsyncInvokeCommand(startInput({ clientRequestToken: "token-0002" })),
    );
    const error = await rejectionOf(
      client.send(
        new StartAsyncInvokeCommand(
          startInput({
            clientRequestToken: "token-0002",
            modelInput: { messages: [{ role: "user", content: [{ text: "Something else." }] }] },
          }),
        ),
      ),
    );
    expect(error).toBeInstanceOf(ConflictException);
    expect((error as ConflictException).$metadata.httpStatusCode).toBe(409);
    expect((error as Error).message).toContain("token-0002");
    expect((error as Error).message).toContain(first.invocationArn as string);
  });

  test("an unknown model is refused as Converse refuses it, and starts nothing", async () => {
    const { client } = await serve({ completeAfterMs: 0 });
    const error = await rejectionOf(
      client.send(new StartAsyncInvokeCommand(startInput({ modelId: "no.such-model-v1:0" }))),
    );
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as Error).message).toBe("The provided model identifier is invalid.");
    const listed = await client.send(new ListAsyncInvokesCommand({}));
    expect(listed.asyncInvokeSummaries).toEqual([]);
  });

  test.each([
    [
      "an s3Uri that is not an S3 URI",
      startInput({ outputDataConfig: { s3OutputDataConfig: { s3Uri: "https://my-bucket/out" } } }),
      "1 validation error detected: Value 'https://my-bucket/out' at 'outputDataConfig.s3OutputDataConfig.s3Uri' failed to satisfy constraint: Member must satisfy regular expression pattern: s3://[a-z0-9][\\.\\-a-z0-9]{1,61}[a-z0-9](/.*)?",
    ],
    [
      "a token with a space",
      startInput({ clientRequestToken: "two words" }),
      "1 validation error detected: Value 'two words' at 'clientRequestToken' failed to satisfy constraint: Member must satisfy regular expression pattern: [!-~]*",
    ],
    [
      "a model id with a forbidden character",
      startInput({ modelId: "model id" }),
      "1 validation error detected: Value 'model id' at 'modelId' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z_\\.\\-/0-9:]+",
    ],
    [
      "a bad tag key and bucket owner",
      startInput({
        outputDataConfig: { s3OutputDataConfig: { s3Uri: "s3://my-bucket", bucketOwner: "123" } },
        tags: [
          { key: "ok", value: "fine" },
          { key: "bad#key", value: "v" },
        ],
      }),
      "2 validation errors detected: Value '123' at 'outputDataConfig.s3OutputDataConfig.bucketOwner' failed to satisfy constraint: Member must satisfy regular expression pattern: [0-9]{12}; Value 'bad#key' at 'tags.2.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9\\s._:/=+@-]*",
    ],
  ])("%s is a ValidationException naming the constraint", async (_, input, message) => {
    const { client } = await serve({ completeAfterMs: 0 });
    const error = await rejectionOf(client.send(new StartAsyncInvokeCommand(input)));
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as Error).message).toBe(message);
  });

  test("an unknown invocation ARN is a ResourceNotFoundException, a malformed one a ValidationException", async () => {
    const { client } = await serve();
    const unknown = "arn:aws:bedrock:us-east-1:000000000000:async-invoke/abcdefghijkl";
    const missing = await rejectionOf(client.send(new GetAsyncInvokeCommand({ invocationArn: unknown })));
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    expect((missing as Error).message).toContain(unknown);

    const malformed = await rejectionOf(
      client.send(new GetAsyncInvokeCommand({ invocationArn: "not-an-arn" })),
    );
    expect(malformed).toBeInstanceOf(ValidationException);
    expect((malformed as Error).message).toBe(
      "1 validation error detected: Value 'not-an-arn' at 'invocationArn' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:async-invoke/[a-z0-9]{12}",
    );
  });

  test("a chat model input reaches the script in Converse's shape and its output is in the model's own format", async () => {
    const expecting: Script = {
      models: {
        [MODEL]: {
          turns: [{ text: "Checked.", expect: { lastUserText: "native text", system: "Be brief" } }],
        },
      },
    };
    const { client } = await serve({ completeAfterMs: 0 }, { script: expecting });
    const { invocationArn } = await client.send(
      new StartAsyncInvokeCommand(
        startInput({
          modelInput: {
            anthropic_version: "bedrock-2023-05-31",
            max_tokens: 100,
            system: "Be brief.",
            messages: [{ role: "user", content: "Some native text." }],
          },
        }),
      ),
    );
    const done = await client.send(new GetAsyncInvokeCommand({ invocationArn }));
    expect(done.failureMessage).toBeUndefined();
    expect(done.status).toBe("Completed");
    // The output is what InvokeModel would answer for that body: Claude's Messages format.
    const output = JSON.parse(
      await readFile(
        path.join(
          jobs.outputDir,
          "my-bucket",
          "async",
          "run-1",
          invocationIdOf(invocationArn as string),
          "output.json",
        ),
        "utf8",
      ),
    );
    expect(output).toMatchObject({
      type: "message",
      role: "assistant",
      content: [{ type: "text", text: "Checked." }],
      stop_reason: "end_turn",
    });
  });

  test("replays recorded StartAsyncInvoke and GetAsyncInvoke answers before running anything", async () => {
    const recordedArn = "arn:aws:bedrock:us-east-1:000000000000:async-invoke/recorded0001";
    const recording = {
      interactions: [
        {
          request: { method: "POST", path: "/async-invoke", body: {} },
          response: {
            status: 200,
            headers: { "x-amzn-requestid": "req-start" },
            body: { invocationArn: recordedArn },
          },
        },
        {
          request: { method: "GET", path: `/async-invoke/${encodeURIComponent(recordedArn)}`, body: null },
          response: {
            status: 200,
            headers: { "x-amzn-requestid": "req-get" },
            body: {
              invocationArn: recordedArn,
              modelArn: "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-reel-v1:1",
              status: "Completed",
              submitTime: "2025-01-02T03:04:05Z",
              endTime: "2025-01-02T03:05:05Z",
              outputDataConfig: { s3OutputDataConfig: { s3Uri: "s3://recorded-bucket" } },
            },
          },
        },
      ],
    };
    const folder = path.join(jobs.outputDir, "recordings");
    await mkdir(folder);
    await writeFile(path.join(folder, "async.json"), JSON.stringify(recording));
    const { client } = await serve({}, { script: undefined, replay: folder });

    const started = await client.send(
      new StartAsyncInvokeCommand(startInput({ modelId: "amazon.nova-reel-v1:1" })),
    );
    expect(started.invocationArn).toBe(recordedArn);
    const job = await client.send(new GetAsyncInvokeCommand({ invocationArn: recordedArn }));
    expect(job).toMatchObject({
      status: "Completed",
      outputDataConfig: { s3OutputDataConfig: { s3Uri: "s3://recorded-bucket" } },
    });
    expect(job.$metadata.requestId).toBe("req-get");
  });

  test("works over HTTP/1.1", async () => {
    const { server } = await serve({ completeAfterMs: 0 });
    const client = jobs.destroyAfterTest(http1Client(server));
    const { invocationArn } = await client.send(new StartAsyncInvokeCommand(startInput()));
    const job = await client.send(new GetAsyncInvokeCommand({ invocationArn }));
    expect(job.status).toBe("Completed");
    const listed = await client.send(new ListAsyncInvokesCommand({ statusEquals: "Completed" }));
    expect(listed.asyncInvokeSummaries?.map((summary) => summary.invocationArn)).toEqual([invocationArn]);
    expect(server.requests.at(-1)?.httpVersion).toBe("1.1");
  });
});
