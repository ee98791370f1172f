import { GetAsyncInvokeCommand, ListAsyncInvokesCommand } from "@aws-sdk/client-bedrock-runtime";
import { describe, expect, it } from "vitest";
import { NovaSession, nova } from "../../../../test/bedrock-local/support/bidirectional-session.js";
import {
  authOverHttp,
  EXPIRED,
  GOOD,
  hello,
  MODEL_ID,
  refusalOf,
  TEMPORARY,
} from "./auth-over-http.test-support.js";
import { REFUSAL_MESSAGES } from "./auth-refusals.js";

const { start, server, clientWith } = authOverHttp();

describe("bedrock-local with auth, given SigV4-signed requests", () => {
  it("accepts a request signed with a known key over HTTP/2 and HTTP/1.1", async () => {
    await start();
    for (const http1 of [false, true]) {
      const response = await clientWith({ credentials: GOOD }, http1).send(hello());
      expect(response.output?.message?.content).toEqual([{ text: "Signed and served." }]);
    }
    expect(server().requests.map((entry) => entry.httpVersion)).toEqual(["2.0", "1.1"]);
  });

  it("verifies model ids whose path the SDK encodes twice: a ':' and an ARN's '/'", async () => {
    await start();
    const arn = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6";
    for (const http1 of [false, true]) {
      const client = clientWith({ credentials: GOOD }, http1);
      await expect(client.send(hello(MODEL_ID))).resolves.toBeDefined();
      await expect(client.send(hello(arn))).resolves.toBeDefined();
    }
    expect(server().requests.map((entry) => entry.targetId)).toEqual([MODEL_ID, arn, MODEL_ID, arn]);
  });

  it("verifies a GET whose query and path the signature covers: ListAsyncInvokes and GetAsyncInvoke", async () => {
    await start();
    for (const http1 of [false, true]) {
      const client = clientWith({ credentials: GOOD }, http1);
      const listed = await client.send(
        new ListAsyncInvokesCommand({
          maxResults: 5,
          sortOrder: "Descending",
          submitTimeAfter: new Date("2026-01-01T00:00:00Z"),
        }),
      );
      expect(listed.asyncInvokeSummaries).toEqual([]);
      const arn = "arn:aws:bedrock:us-east-1:123456789012:async-invoke/abcdefghij12";
      // Not found, which is to say: the signature over the encoded ARN held.
      expect((await refusalOf(client.send(new GetAsyncInvokeCommand({ invocationArn: arn })))).name).toBe(
        "ResourceNotFoundException",
      );
    }
    expect(server().requests[0]?.path).toMatch(/submitTimeAfter=2026-01-01T00%3A00%3A00/);
  });

  it("serves the SDK handed server.clientConfig: the first known key", async () => {
    await start();
    const client = clientWith({ ...server().clientConfig });
    await expect(client.send(hello())).resolves.toBeDefined();
    expect(server().clientConfig.credentials).toEqual(GOOD);
  });

  it("accepts a key with its session token, and refuses it with a wrong or missing one", async () => {
    await start();
    await expect(clientWith({ credentials: TEMPORARY }).send(hello())).resolves.toBeDefined();
    const invalid = {
      name: "UnrecognizedClientException",
      status: 403,
      message: "The security token included in the request is invalid.",
    };
    const wrongToken = { ...TEMPORARY, sessionToken: "another-token" };
    expect(await refusalOf(clientWith({ credentials: wrongToken }).send(hello()))).toEqual(invalid);
    const { sessionToken: _dropped, ...noToken } = TEMPORARY;
    expect(await refusalOf(clientWith({ credentials: noToken }).send(hello()))).toEqual(invalid);
    // A token sent with a key that has none is no better.
    expect(
      await refusalOf(clientWith({ credentials: { ...GOOD, sessionToken: "stray" } }).send(hello())),
    ).toEqual(invalid);
  });

  it("refuses an expired key as the recorded Bedrock answer does", async () => {
    await start();
    const { expiresAt: _expiry, ...credentials } = EXPIRED;
    expect(await refusalOf(clientWith({ credentials }).send(hello()))).toEqual({
      name: "ExpiredTokenException",
      status: 403,
      message: "The security token included in the request is expired",
    });
  });

  it("refuses an unknown access key and a wrong secret", async () => {
    await start();
    const unknown = { accessKeyId: "AKIDUNKNOWN", secretAccessKey: GOOD.secretAccessKey };
    expect(await refusalOf(clientWith({ credentials: unknown }).send(hello()))).toEqual({
      name: "UnrecognizedClientException",
      status: 403,
      message: "The security token included in the request is invalid.",
    });
    const wrongSecret = { ...GOOD, secretAccessKey: "not-the-secret" };
    for (const http1 of [false, true])
      expect(await refusalOf(clientWith({ credentials: wrongSecret }, http1).send(hello()))).toEqual({
        name: "InvalidSignatureException",
        status: 403,
        message: REFUSAL_MESSAGES.signatureMismatch,
      });
  });

  it("refuses a body or a signed header changed after signing", async () => {
    await start();
    const tampered = (change: (request: { headers: Record<string, string>; body: unknown }) => void) => {
      const client = clientWith({ credentials: GOOD });
      const tamper =
        (next: (args: { request: unknown }) => Promise<unknown>) => async (args: { request: unknown }) => {
          change(args.request as { headers: Record<string, string>; body: unknown });
          return next(args);
        };
      client.middlewareStack.addRelativeTo(
        tamper as unknown as Parameters<typeof client.middlewareStack.addRelativeTo>[0],
        { relation: "after", toMiddleware: "httpSigningMiddleware", name: "tamper" },
      );
      return client;
    };
    const mismatch = {
      name: "InvalidSignatureException",
      status: 403,
      message: REFUSAL_MESSAGES.signatureMismatch,
    };
    const swapText = tampered((request) => {
      const text = new TextDecoder().decode(request.body as Uint8Array);
      expect(text).toContain('"Hi"');
      request.body = Buffer.from(text.replace('"Hi"', '"Ho"'));
    });
    expect(await refusalOf(swapText.send(hello()))).toEqual(mismatch);
    const swapHeader = tampered((request) => {
      request.headers["content-type"] = "application/x-amz-json-1.1";
    });
    expect(await refusalOf(swapHeader.send(hello()))).toEqual(mismatch);
  });

  it("refuses a signature dated more than five minutes from the server's clock", async () => {
    await start();
    const late = await refusalOf(
      clientWith({ credentials: GOOD, systemClockOffset: -10 * 60 * 1000 }).send(hello()),
    );
    expect(late).toMatchObject({ name: "InvalidSignatureException", status: 403 });
    expect(late.message).toMatch(
      /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/,
    );
    const early = await refusalOf(
      clientWith({ credentials: GOOD, systemClockOffset: 10 * 60 * 1000 }).send(hello()),
    );
    expect(early.message).toMatch(
      /^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 5 min\.\)$/,
    );
  });

  it("checks a bidirectional stream's request headers, signed over STREAMING-AWS4-HMAC-SHA256-EVENTS", async () => {
    await start({
      script: { models: { "amazon.nova-sonic-v1:0": { turns: [{ text: "Streaming, signed." }] } } },
    });
    const good = new NovaSession(clientWith({ credentials: GOOD }));
    good.open();
    good.send(nova.sessionStart());
    good.send(nova.promptStart());
    for (const event of nova.text("user-1", "USER", "Hi there")) good.send(event);
    expect(await good.until("completionStart")).toMatchObject({ promptName: "prompt-1" });
    good.send(nova.promptEnd());
    good.send(nova.sessionEnd());
    good.close();
    await good.rest();

    const refused = new NovaSession(
      clientWith({ credentials: { ...GOOD, secretAccessKey: "not-the-secret" } }),
    );
    refused.open();
    refused.send(nova.sessionStart());
    refused.close();
    await expect(refused.next()).rejects.toMatchObject({
      name: "InvalidSignatureException",
      $metadata: { httpStatusCode: 403 },
      message: REFUSAL_MESSAGES.signatureMismatch,
    });
    expect(server().requests.at(-1)?.headers["x-amz-content-sha256"]).toBe(
      "STREAMING-AWS4-HMAC-SHA256-EVENTS",
    );
  });
});
