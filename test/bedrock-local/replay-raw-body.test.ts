import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
import { startBedrockLocal } from "@lode/bedrock-local";
import { expect, test } from "vitest";
import { http2Client } from "./support/sdk-clients.js";

test("a recorded body that is not JSON (bodyBase64) is replayed byte for byte with its content type", async () => {
  const folder = await mkdtemp(path.join(tmpdir(), "bedrock-local-raw-body-"));
  const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]);
  await writeFile(
    path.join(folder, "invoke.image.json"),
    JSON.stringify({
      interactions: [
        {
          request: {
            method: "POST",
            path: "/model/image-model/invoke",
            headers: {},
            body: { prompt: "a lighthouse" },
          },
          response: {
            status: 200,
            headers: { "content-type": "image/png", "x-amzn-requestid": "recorded-request-id" },
            body: null,
            bodyBase64: bytes.toString("base64"),
          },
        },
      ],
    }),
  );
  const server = await startBedrockLocal({ replay: folder });
  const client = http2Client(server);
  try {
    const output = await client.send(
      new InvokeModelCommand({
        modelId: "image-model",
        contentType: "application/json",
        accept: "image/png",
        body: JSON.stringify({ prompt: "a lighthouse" }),
      }),
    );
    expect(Buffer.from(output.body)).toEqual(bytes);
    expect(output.contentType).toBe("image/png");
    expect(output.$metadata.requestId).toBe("recorded-request-id");
  } finally {
    client.destroy();
    await server.close();
    await rm(folder, { recursive: true, force: true });
  }
});
