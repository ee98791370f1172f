import { describe, expect, it, vi } from "vitest";
import { startBedrockLocal } from "../start-bedrock-local.js";
import {
  API_KEY,
  authOverHttp,
  GOOD,
  hello,
  MODEL_ID,
  refusalOf,
  TEMPORARY,
} from "./auth-over-http.test-support.js";

const { start, server, clientWith } = authOverHttp();

describe("bedrock-local with auth, given a bearer token, no credentials or a malformed header", () => {
  it("accepts a known Bedrock API key as a bearer token, and refuses an unknown one", async () => {
    await start();
    const bearer = (token: string) =>
      clientWith({ token: { token }, authSchemePreference: ["httpBearerAuth"] });
    await expect(bearer(API_KEY).send(hello())).resolves.toBeDefined();
    expect(server().requests[0]?.headers.authorization).toMatch(/^Bearer <redacted sha256:/);
    expect(await refusalOf(bearer("ABSKsomeone-elses-key").send(hello()))).toEqual({
      name: "AccessDeniedException",
      status: 403,
      message: "Authentication failed: Please make sure your API Key is valid.",
    });
    expect(await refusalOf(bearer("not-a-bedrock-key").send(hello()))).toEqual({
      name: "AccessDeniedException",
      status: 403,
      message: "Invalid API Key format: Must start with pre-defined prefix",
    });
  });

  it("accepts the API key the SDK takes from AWS_BEARER_TOKEN_BEDROCK", async () => {
    await start();
    vi.stubEnv("AWS_BEARER_TOKEN_BEDROCK", API_KEY);
    try {
      const client = clientWith({ credentials: { accessKeyId: "AKIDUNKNOWN", secretAccessKey: "unused" } });
      await expect(client.send(hello())).resolves.toBeDefined();
    } finally {
      vi.unstubAllEnvs();
    }
    expect(server().requests[0]?.headers.authorization).toMatch(/^Bearer /);
  });

  it("hands the SDK the API key as its bearer token when only API keys are known", async () => {
    await start({ auth: { apiKeys: [API_KEY] } });
    const client = clientWith({ ...server().clientConfig });
    await expect(client.send(hello())).resolves.toBeDefined();
  });

  it("answers a request with no Authorization, or a malformed one, as Bedrock does", async () => {
    await start();
    const post = (headers: Record<string, string>) =>
      fetch(`${server().url}/model/${encodeURIComponent(MODEL_ID)}/converse`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ messages: [{ role: "user", content: [{ text: "Hi" }] }] }),
      });
    const none = await post({});
    expect(none.status).toBe(403);
    expect(none.headers.get("x-amzn-errortype")).toBe(
      "AccessDeniedException:http://internal.amazon.com/coral/com.amazon.coral.service/",
    );
    expect(await none.text()).toBe('{"Message":"Authorization header is missing"}');

    const partial = await post({
      authorization: "AWS4-HMAC-SHA256 Credential=AKIDKNOWN/20260101/us-east-1/bedrock/aws4_request",
    });
    expect(partial.status).toBe(400);
    expect(partial.headers.get("x-amzn-errortype")).toBe(
      "IncompleteSignatureException:http://internal.amazon.com/coral/com.amazon.coral.service/",
    );
    expect(await partial.json()).toEqual({
      message:
        "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256 Credential=AKIDKNOWN/20260101/us-east-1/bedrock/aws4_request",
    });
  });

  it("refuses before anything runs: a fault waiting for the next request is still there", async () => {
    await start({ faults: [{ times: 1, error: { type: "ThrottlingException" } }] });
    const wrongSecret = { ...GOOD, secretAccessKey: "not-the-secret" };
    expect((await refusalOf(clientWith({ credentials: wrongSecret }).send(hello()))).name).toBe(
      "InvalidSignatureException",
    );
    expect((await refusalOf(clientWith({ credentials: GOOD }).send(hello()))).name).toBe(
      "ThrottlingException",
    );
  });

  it("refuses to start with an auth option that knows nobody, or with auth in record mode", async () => {
    await expect(startBedrockLocal({ auth: {} })).rejects.toThrow(
      /auth needs at least one of accessKeys or apiKeys/,
    );
    await expect(
      startBedrockLocal({ auth: { accessKeys: [{ ...GOOD, expiresAt: "someday" }] } }),
    ).rejects.toThrow(/auth\.accessKeys\[0\]\.expiresAt is not a date/);
    await expect(
      startBedrockLocal({
        auth: { apiKeys: [API_KEY] },
        record: { folder: "unused", upstream: "https://bedrock-runtime.us-east-1.amazonaws.com" },
      }),
    ).rejects.toThrow(/auth does not apply in record mode/);
  });

  it("keeps every secret out of the request log, refused requests included", async () => {
    await start();
    await clientWith({ credentials: TEMPORARY }).send(hello());
    await clientWith({ credentials: { ...GOOD, secretAccessKey: "not-the-secret" } })
      .send(hello())
      .catch(() => {});
    await clientWith({ token: { token: API_KEY }, authSchemePreference: ["httpBearerAuth"] }).send(hello());
    await fetch(`${server().url}/model/m/converse`, {
      method: "POST",
      headers: {
        authorization: `AWS4-HMAC-SHA256 Credential=AKIDKNOWN/20260101/us-east-1/bedrock/aws4_request, Signature=${"a".repeat(64)}`,
      },
    });
    const log = JSON.stringify(server().requests);
    for (const secret of [
      GOOD.secretAccessKey,
      TEMPORARY.secretAccessKey,
      TEMPORARY.sessionToken,
      "not-the-secret",
      API_KEY,
      "a".repeat(64),
    ])
      expect(log).not.toContain(secret);
    expect(server().requests.map((entry) => entry.error)).toEqual([
      undefined,
      "InvalidSignatureException",
      undefined,
      "IncompleteSignatureException",
    ]);
  });
});
