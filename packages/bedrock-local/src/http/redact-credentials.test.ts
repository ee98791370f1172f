import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { describe, expect, it } from "vitest";
import { startBedrockLocal } from "../start-bedrock-local.js";
import { redactCredentials, redactedSecret } from "./redact-credentials.js";

describe("the request log's credentials", () => {
  it("keep no session token, signature or bearer token of a real SDK request, only fingerprints", async () => {
    const server = await startBedrockLocal({ script: { models: { "*": { turns: [{ text: "Hi" }] } } } });
    const client = new BedrockRuntimeClient({
      endpoint: server.url,
      region: "us-east-1",
      credentials: {
        accessKeyId: "AKIDLOGGED",
        secretAccessKey: "never-sent",
        sessionToken: "the-session-token",
      },
      maxAttempts: 1,
    });
    try {
      await client.send(
        new ConverseCommand({ modelId: "m", messages: [{ role: "user", content: [{ text: "Hi" }] }] }),
      );
    } finally {
      client.destroy();
      await server.close();
    }
    const headers = server.requests[0]?.headers ?? {};
    expect(headers["x-amz-security-token"]).toBe(redactedSecret("the-session-token"));
    expect(headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDLOGGED\/\d{8}\/us-east-1\/bedrock\/aws4_request, SignedHeaders=[^,]+, Signature=<redacted sha256:[0-9a-f]{12}>$/,
    );
    expect(JSON.stringify(server.requests)).not.toContain("the-session-token");
  });

  it("redact a bearer token (a Bedrock API key) and any other scheme whole", () => {
    expect(redactCredentials({ authorization: "Bearer ABSKsecret", accept: "*/*" })).toEqual({
      authorization: `Bearer ${redactedSecret("ABSKsecret")}`,
      accept: "*/*",
    });
    expect(redactCredentials({ authorization: "Basic dXNlcjpwYXNz" }).authorization).toBe(
      redactedSecret("Basic dXNlcjpwYXNz"),
    );
  });
});
