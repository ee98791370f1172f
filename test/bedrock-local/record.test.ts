import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  ApplyGuardrailCommand,
  type BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  CountTokensCommand,
} from "@aws-sdk/client-bedrock-runtime";
import { type BedrockLocal, redactedSecret, startBedrockLocal } from "@lode/bedrock-local";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { collectUntilError, http1Client, http2Client, rejectionOf } from "./support/sdk-clients.js";

const MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
const HI = [{ role: "user" as const, content: [{ text: "Hi" }] }];
/** What the client signs with; none of it may reach the upstream or a recording. */
const CLIENT_CREDENTIALS = {
  accessKeyId: "AKIDCLIENTSIDE",
  secretAccessKey: "client-secret-key",
  sessionToken: "client-session-token",
};
/** What the recorder signs with. */
const RECORDER_CREDENTIALS = {
  accessKeyId: "AKIDRECORDER",
  secretAccessKey: "recorder-secret-key",
  sessionToken: "recorder-session-token",
};
const SECRETS = [...Object.values(CLIENT_CREDENTIALS), ...Object.values(RECORDER_CREDENTIALS)];

/** A Bedrock stand-in to record from: a scripted model and a guardrail. */
function startUpstream(): Promise<BedrockLocal> {
  return startBedrockLocal({
    script: {
      models: { "*": { selection: "sequential", loop: true, turns: [{ text: "Hello from upstream!" }] } },
    },
    guardrails: [
      { id: "support", versions: ["DRAFT"], piiEntities: [{ type: "EMAIL", action: "ANONYMIZE" }] },
    ],
  });
}

/** POSTs `body` over HTTP/1.1 and resolves with the response body's exact bytes. */
function postForBytes(
  server: BedrockLocal,
  requestPath: string,
  body: string,
): Promise<{ type?: string; bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: "127.0.0.1",
        port: server.port,
        method: "POST",
        path: requestPath,
        agent: false,
        // The recorder forwards only SigV4-signed requests; it re-signs them, so any signature will do.
        headers: {
          "content-type": "application/json",
          authorization: "AWS4-HMAC-SHA256 Credential=AKIDCLIENTSIDE/20240101/us-east-1/bedrock/aws4_request",
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({ type: response.headers["content-type"], bytes: Buffer.concat(chunks) }),
        );
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

/** Everything the SDK gives back for one call: parsed output (stream events collected) or the error. */
async function outcome(run: () => Promise<unknown>) {
  try {
    const output = (await run()) as Record<string, unknown>;
    if (output.stream) {
      const { stream, ...rest } = output;
      const { events, error } = await collectUntilError(stream as AsyncIterable<never>);
      return { kind: "output", output: { ...rest, events, streamError: String(error) } };
    }
    return { kind: "output", output };
  } catch (error) {
    const { name, message, $metadata } = error as Error & { $metadata: unknown };
    return { kind: "error", name, message, $metadata };
  }
}

/** The calls a client makes, in order; the same list runs through the recorder and against the replay. */
function clientSession(client: BedrockRuntimeClient) {
  return [
    () => client.send(new ConverseCommand({ modelId: MODEL, messages: HI })),
    () => client.send(new ConverseStreamCommand({ modelId: MODEL, messages: HI })),
    () => client.send(new CountTokensCommand({ modelId: MODEL, input: { converse: { messages: HI } } })),
    () =>
      client.send(
        new ApplyGuardrailCommand({
          guardrailIdentifier: "support",
          guardrailVersion: "DRAFT",
          source: "INPUT",
          content: [{ text: { text: "Mail ana@example.com" } }],
        }),
      ),
    () => client.send(new ConverseCommand({ modelId: "throttled-model", messages: HI })),
  ];
}

describe("recording through bedrock-local", () => {
  let folder: string;
  let upstream: BedrockLocal;
  let recorder: BedrockLocal;
  const closers: (() => unknown)[] = [];

  beforeEach(async () => {
    folder = await mkdtemp(path.join(tmpdir(), "bedrock-local-record-"));
    upstream = await startUpstream();
    recorder = await startBedrockLocal({
      record: { folder, upstream: upstream.url, region: "us-west-2", credentials: RECORDER_CREDENTIALS },
    });
  });
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    await recorder.close();
    await upstream.close();
    await rm(folder, { recursive: true, force: true });
  });

  test.each([
    ["HTTP/2", http2Client],
    ["HTTP/1.1", http1Client],
  ] as const)(
    "a replay of the recorded folder gives the SDK what the upstream gave (%s)",
    async (_name, makeClient) => {
      upstream.addFault({
        when: { modelId: "throttled-model" },
        error: { type: "ThrottlingException", message: "Slow down." },
      });
      const throughRecorder = makeClient(recorder, { credentials: CLIENT_CREDENTIALS });
      closers.push(() => throughRecorder.destroy());
      const recorded = [];
      for (const call of clientSession(throughRecorder)) recorded.push(await outcome(call));

      expect(recorded.map((item) => item.kind)).toEqual(["output", "output", "output", "output", "error"]);
      expect(recorded[4]).toMatchObject({ name: "ThrottlingException", message: "Slow down." });
      expect(await readdir(folder)).toEqual([
        "000001.converse.anthropic.claude-3-haiku-20240307-v1_0.json",
        "000002.converse-stream.anthropic.claude-3-haiku-20240307-v1_0.json",
        "000003.count-tokens.anthropic.claude-3-haiku-20240307-v1_0.json",
        "000004.apply-guardrail.support.json",
        "000005.converse.throttled-model.json",
      ]);

      const replay = await startBedrockLocal({ replay: folder });
      closers.push(() => replay.close());
      const fromReplay = makeClient(replay, { credentials: CLIENT_CREDENTIALS });
      closers.push(() => fromReplay.destroy());
      const replayed = [];
      for (const call of clientSession(fromReplay)) replayed.push(await outcome(call));

      // Request ids included: the replay answers with the ones the upstream sent.
      expect(replayed).toEqual(recorded);
    },
  );

  test("an event stream reaches the client and the replay byte for byte as the upstream sent it", async () => {
    const body = JSON.stringify({ messages: HI });
    const streamPath = `/model/${encodeURIComponent(MODEL)}/converse-stream`;
    const proxied = await postForBytes(recorder, streamPath, body);
    const recording = JSON.parse(
      await readFile(path.join(folder, (await readdir(folder))[0] as string), "utf8"),
    );
    const recordedBytes = Buffer.from(recording.interactions[0].response.eventstreamBase64, "base64");

    const replay = await startBedrockLocal({ replay: folder });
    closers.push(() => replay.close());
    const replayed = await postForBytes(replay, streamPath, body);

    expect(proxied.type).toBe("application/vnd.amazon.eventstream");
    expect(recordedBytes.equals(proxied.bytes)).toBe(true);
    expect(replayed.bytes.equals(proxied.bytes)).toBe(true);
    expect(recording.interactions[0].response.events).toHaveLength(6);
    expect(recording.interactions[0].response.events[0]).toMatchObject({
      headers: { ":event-type": "messageStart", ":message-type": "event" },
      payload: { role: "assistant" },
    });
  });

  test("passes each event on as it arrives, before the upstream's stream ends", async () => {
    // The upstream sends its first event at once and the next only after a long wait: the client can
    // see an event now only if the proxy does not hold the stream back until its end.
    upstream.addFault({ chunkDelayMs: 10_000, times: 1 });
    const client = http2Client(recorder, { credentials: CLIENT_CREDENTIALS });
    closers.push(() => client.destroy());
    const abort = new AbortController();
    closers.push(() => abort.abort());
    const { stream } = await client.send(new ConverseStreamCommand({ modelId: MODEL, messages: HI }), {
      abortSignal: abort.signal,
    });
    const first = await stream?.[Symbol.asyncIterator]().next();
    expect(first?.value).toEqual({ messageStart: { role: "assistant" } });
  });

  test("a stream the upstream breaks off reaches the client broken and is not recorded", async () => {
    upstream.addFault({ disconnect: { afterEvents: 2 } });
    const client = http1Client(recorder, { credentials: CLIENT_CREDENTIALS });
    closers.push(() => client.destroy());
    const { stream } = await client.send(new ConverseStreamCommand({ modelId: MODEL, messages: HI }));
    const { events, error } = await collectUntilError(stream);

    expect(events).toHaveLength(2);
    expect(error).toBeDefined();
    // The proxy gives up on the recording before it breaks the client's stream.
    expect(await readdir(folder)).toEqual([]);
  });

  test("the upstream gets the request signed again with the recorder's credentials, and no secret is recorded", async () => {
    const client = http2Client(recorder, { credentials: CLIENT_CREDENTIALS });
    closers.push(() => client.destroy());
    await client.send(new ConverseCommand({ modelId: MODEL, messages: HI }));

    const received = upstream.requests[0];
    expect(received?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDRECORDER\/\d{8}\/us-west-2\/bedrock\/aws4_request, SignedHeaders=[^,]*host[^,]*, Signature=<redacted sha256:[0-9a-f]{12}>$/,
    );
    // The upstream's request log keeps a fingerprint of the token, not the token.
    expect(received?.headers["x-amz-security-token"]).toBe(redactedSecret("recorder-session-token"));
    expect(JSON.stringify(received?.headers)).not.toContain("AKIDCLIENTSIDE");
    expect(JSON.stringify(received?.headers)).not.toContain("client-session-token");

    const files = await readdir(folder);
    expect(files).toHaveLength(1);
    const text = await readFile(path.join(folder, files[0] as string), "utf8");
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    expect(text.toLowerCase()).not.toMatch(/authorization|x-amz-date|x-amz-security-token|signature=/);
    expect(JSON.parse(text).interactions[0].request.headers).toEqual({ "content-type": "application/json" });
  });
});

describe("recording when the upstream cannot be reached", () => {
  test("answers with a 502 InternalServerException naming the upstream and writes nothing", async () => {
    const folder = await mkdtemp(path.join(tmpdir(), "bedrock-local-record-down-"));
    const gone = await startBedrockLocal();
    await gone.close(); // its port now refuses connections
    const recorder = await startBedrockLocal({
      record: { folder, upstream: gone.url, credentials: RECORDER_CREDENTIALS },
    });
    const client = http2Client(recorder);
    try {
      const error = (await rejectionOf(
        client.send(new ConverseCommand({ modelId: MODEL, messages: HI })),
      )) as Error & {
        $metadata: { httpStatusCode?: number };
      };
      expect(error.name).toBe("InternalServerException");
      expect(error.$metadata.httpStatusCode).toBe(502);
      expect(error.message).toBe(`bedrock-local could not reach the upstream ${gone.url}: ECONNREFUSED`);
      expect(await readdir(folder)).toEqual([]);
    } finally {
      client.destroy();
      await recorder.close();
      await rm(folder, { recursive: true, force: true });
    }
  });
});
