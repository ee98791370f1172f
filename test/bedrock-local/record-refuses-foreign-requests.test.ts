import { mkdtemp, readdir, rm } from "node:fs/promises";
import http from "node:http";
import http2 from "node:http2";
import { tmpdir } from "node:os";
import path from "node:path";
import { type BedrockLocal, startBedrockLocal } from "@lode/bedrock-local";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { ANY_CREDENTIALS, type RecordingPair, startRecordingPair } from "./support/recording-pair.js";

/**
 * The recorder signs what it forwards with the user's real credentials, so it must forward only what an
 * AWS SDK on this machine sent: not a web page's request (no SigV4 authorization), nor a request that
 * reached the loopback port under another host name (DNS rebinding).
 */
const INVOKE_PATH = "/model/anthropic.claude-3-haiku-20240307-v1:0/invoke";
const INVOKE_BODY = JSON.stringify({
  anthropic_version: "bedrock-2023-05-31",
  max_tokens: 10,
  messages: [{ role: "user", content: "Hi" }],
});
/** The recorder re-signs what it forwards, so a SigV4-shaped authorization is all a request needs here. */
const SIGV4 = "AWS4-HMAC-SHA256 Credential=AKIDCLIENT/20240101/us-east-1/bedrock/aws4_request";

interface Answer {
  status: number;
  errorType: string | undefined;
  message: string;
}

/** One HTTP/1.1 POST of the invoke body with exactly `headers` (a `host` among them replaces the default). */
function postHttp1(server: BedrockLocal, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: "127.0.0.1", port: server.port, method: "POST", path: INVOKE_PATH, agent: false, headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve(answerOf(response.statusCode ?? 0, response.headers, chunks)));
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(INVOKE_BODY);
  });
}

/** The same over HTTP/2, with `authority` as the `:authority` pseudo-header. */
async function postHttp2(server: BedrockLocal, authority: string): Promise<Answer> {
  const session = http2.connect(server.url);
  try {
    const stream = session.request({
      ":method": "POST",
      ":path": INVOKE_PATH,
      ":authority": authority,
      "content-type": "application/json",
      authorization: SIGV4,
    });
    stream.end(INVOKE_BODY);
    const headers = await new Promise<http2.IncomingHttpHeaders>((resolve) =>
      stream.once("response", resolve),
    );
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return answerOf(Number(headers[":status"]), headers, chunks);
  } finally {
    session.close();
  }
}

function answerOf(status: number, headers: http.IncomingHttpHeaders, chunks: Buffer[]): Answer {
  const body = Buffer.concat(chunks).toString("utf8");
  const errorType = headers["x-amzn-errortype"];
  const message = status >= 400 ? String((JSON.parse(body) as { message?: unknown }).message) : body;
  return { status, errorType: typeof errorType === "string" ? errorType.split(":")[0] : undefined, message };
}

describe("a recorder on a loopback address", () => {
  let pair: RecordingPair;
  beforeEach(async () => {
    pair = await startRecordingPair("bedrock-local-record-refuses-", {
      script: { models: { "*": { loop: true, turns: [{ text: "Billed." }] } } },
    });
  });
  afterEach(() => pair.close());

  test("refuses a request no SDK signed (a web page's simple POST): 403, not forwarded, not recorded", async () => {
    const response = await fetch(`${pair.recorder.url}${INVOKE_PATH}`, {
      method: "POST",
      headers: { "content-type": "text/plain", origin: "https://attacker.example" },
      body: INVOKE_BODY,
    });
    const body = (await response.json()) as { message: string };

    expect(response.status).toBe(403);
    expect(response.headers.get("x-amzn-errortype")).toMatch(/^AccessDeniedException/);
    expect(body.message).toMatch(/forwards only requests signed with AWS Signature Version 4/);
    expect(pair.upstream.requests).toEqual([]);
    expect(await readdir(pair.folder)).toEqual([]);
  });

  test("refuses an authorization that is not SigV4", async () => {
    const answer = await postHttp1(pair.recorder, {
      "content-type": "application/json",
      authorization: "Bearer token",
    });
    expect(answer).toMatchObject({ status: 403, errorType: "AccessDeniedException" });
    expect(pair.upstream.requests).toEqual([]);
  });

  test.each([
    { protocol: "HTTP/1.1", send: (server: BedrockLocal, host: string) => postHttp1(server, signed(host)) },
    { protocol: "HTTP/2", send: postHttp2 },
  ])(
    "over $protocol, refuses a signed request naming a host other than loopback (DNS rebinding)",
    async ({ send }) => {
      const answer = await send(pair.recorder, `rebound.attacker.example:${pair.recorder.port}`);

      expect(answer.status).toBe(403);
      expect(answer.errorType).toBe("AccessDeniedException");
      expect(answer.message).toContain('named the host "rebound.attacker.example:');
      expect(pair.upstream.requests).toEqual([]);
      expect(await readdir(pair.folder)).toEqual([]);
    },
  );

  test.each(["127.0.0.1", "localhost", "[::1]"])(
    "forwards a signed request addressed to %s, with or without a port",
    async (name) => {
      const withPort = await postHttp1(pair.recorder, signed(`${name}:${pair.recorder.port}`));
      const withoutPort = await postHttp2(pair.recorder, name);

      expect([withPort.status, withoutPort.status]).toEqual([200, 200]);
      expect(pair.upstream.requests).toHaveLength(2);
      expect(await readdir(pair.folder)).toHaveLength(2);
    },
  );
});

test("a recorder listening on every interface takes any host name, but still only signed requests", async () => {
  const upstream = await startBedrockLocal({
    script: { models: { "*": { loop: true, turns: [{ text: "Hi." }] } } },
  });
  const folder = await mkdtemp(path.join(tmpdir(), "bedrock-local-record-any-host-"));
  const recorder = await startBedrockLocal({
    host: "0.0.0.0",
    record: { folder, upstream: upstream.url, credentials: ANY_CREDENTIALS },
  });
  try {
    const named = await postHttp1(recorder, signed(`bedrock.lan:${recorder.port}`));
    const unsigned = await postHttp1(recorder, { "content-type": "application/json" });

    expect([named.status, unsigned.status]).toEqual([200, 403]);
    expect(upstream.requests).toHaveLength(1);
  } finally {
    await recorder.close();
    await upstream.close();
    await rm(folder, { recursive: true, force: true });
  }
});

/** SigV4-shaped headers addressed to `host`. */
function signed(host: string): Record<string, string> {
  return { "content-type": "application/json", authorization: SIGV4, host };
}
