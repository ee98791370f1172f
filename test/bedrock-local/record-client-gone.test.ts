import { readdir } from "node:fs/promises";
import http from "node:http";
import { expect, test } from "vitest";
import { closeLocally, listenLocally } from "./support/local-upstream.js";
import { ANY_CREDENTIALS, startRecorder } from "./support/recording-pair.js";
import { waitUntil } from "./support/wait-until.js";

/** The recorder re-signs what it forwards, so any SigV4-shaped authorization lets a request through. */
const SIGNED = {
  "content-type": "application/json",
  authorization: "AWS4-HMAC-SHA256 Credential=AKIDCLIENT/20240101/us-east-1/bedrock/aws4_request",
};

/** A POST to the recorder that the test may cut off: errors are expected and ignored. */
function startPost(url: string): { request: http.ClientRequest; closed: Promise<unknown> } {
  const request = http.request(url, { method: "POST", headers: SIGNED, agent: false });
  request.on("error", () => {});
  const closed = new Promise((resolve) => request.on("close", resolve));
  request.end("{}");
  return { request, closed };
}

/** A POST to the recorder, resolving with its status once the whole answer has arrived. */
function post(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: "POST", headers: SIGNED, agent: false }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
    });
    request.on("error", reject);
    request.end("{}");
  });
}

test("a client that leaves while its request is being signed gets nothing sent upstream and nothing recorded", async () => {
  const received: string[] = [];
  const upstream = http.createServer((request, response) => {
    received.push(request.url ?? "");
    request.resume();
    response.writeHead(200, { "content-type": "application/json" });
    response.end("{}");
  });
  const upstreamUrl = await listenLocally(upstream);

  let signings = 0;
  let releaseCredentials = () => {};
  const credentialsReleased = new Promise<void>((resolve) => {
    releaseCredentials = resolve;
  });
  const { folder, recorder, close } = await startRecorder("bedrock-local-record-gone-", upstreamUrl, {
    credentials: async () => {
      signings++;
      await credentialsReleased;
      return ANY_CREDENTIALS;
    },
  });
  try {
    const gone = startPost(`${recorder.url}/model/gone/converse`);
    await waitUntil(() => signings === 1);
    gone.request.destroy();
    await gone.closed;
    // The recorder's side notices the disconnect (its log says so) while the credentials are still pending.
    await waitUntil(() => recorder.requests[0]?.errorMessage !== undefined);
    releaseCredentials();

    // A later request goes through: by the time its answer is back, the first one's signing had long finished.
    expect(await post(`${recorder.url}/model/after/converse`)).toBe(200);
    expect(received).toEqual(["/model/after/converse"]);
    expect(await readdir(folder)).toEqual(["000002.converse.after.json"]);
  } finally {
    releaseCredentials();
    await close();
    await closeLocally(upstream);
  }
});

/** An upstream that starts answering `answerBytes` bytes (0: never answers) and notes when the exchange closes. */
async function slowUpstream(answerBytes: number) {
  const state = { requests: 0, answerClosed: false };
  const server = http.createServer((request, response) => {
    state.requests++;
    request.resume();
    response.on("close", () => {
      state.answerClosed = true;
    });
    if (answerBytes === 0) return;
    response.writeHead(200, { "content-type": "application/json" });
    // Larger than every socket buffer on the way: the answer only ends if the recorder reads it all.
    response.write(Buffer.alloc(answerBytes, 0x20));
  });
  return { server, state, url: await listenLocally(server) };
}

test.each([
  { when: "before the upstream answers", answerBytes: 0 },
  { when: "while the answer streams and the client reads none of it", answerBytes: 16 * 1024 * 1024 },
])("a client that leaves $when stops the upstream call", async ({ answerBytes }) => {
  const upstream = await slowUpstream(answerBytes);
  const { folder, recorder, close } = await startRecorder("bedrock-local-record-gone-", upstream.url);
  try {
    const gone = startPost(`${recorder.url}/model/m/converse`);
    if (answerBytes > 0) await new Promise((resolve) => gone.request.once("response", resolve));
    else await waitUntil(() => upstream.state.requests === 1);
    gone.request.destroy();
    await gone.closed;

    await waitUntil(() => upstream.state.answerClosed);
    expect(upstream.state.requests).toBe(1);
    expect(await readdir(folder)).toEqual([]);
  } finally {
    upstream.server.closeAllConnections();
    await close();
    await closeLocally(upstream.server);
  }
});
