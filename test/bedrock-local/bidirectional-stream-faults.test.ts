import http2 from "node:http2";
import {
  type BedrockRuntimeClient,
  InvokeModelWithBidirectionalStreamCommand,
  ModelTimeoutException,
  ThrottlingException,
  ValidationException,
} from "@aws-sdk/client-bedrock-runtime";
import { type BedrockLocal, type Fault, type Script, startBedrockLocal } from "@lode/bedrock-local";
import { afterEach, describe, expect, test } from "vitest";
import { chunkEvent, sendRaw, signed, signedInput } from "./support/bidirectional-raw-http2.js";
import { NovaSession, names, nova } from "./support/bidirectional-session.js";
import { http1Client, http2Client, rejectionOf } from "./support/sdk-clients.js";
import { waitUntil } from "./support/wait-until.js";

const script: Script = {
  models: {
    "amazon.nova-sonic-v1:0": { loop: true, turns: [{ text: "Hello there, this is a streamed answer." }] },
    "failing-model": {
      turns: [{ error: { type: "ModelTimeoutException", message: "The model took too long." } }],
    },
    "slow-model": { turns: [{ text: "x".repeat(400), chunkSize: 1, delayMs: 20 }] },
  },
};

/** A whole session of one user turn, as raw-stream tests send it. */
const ONE_TURN_SESSION = [
  nova.sessionStart(),
  nova.promptStart(),
  ...nova.text("u", "USER", "Hi"),
  nova.sessionEnd(),
];

let server: BedrockLocal;
const clients: BedrockRuntimeClient[] = [];
const sessions: http2.ClientHttp2Session[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const session of sessions.splice(0)) session.destroy();
  await server?.close();
});

async function start(faults: Fault[] = []) {
  server = await startBedrockLocal({ script, faults });
}

function newClient(): BedrockRuntimeClient {
  const client = http2Client(server);
  clients.push(client);
  return client;
}

/** A session that has sent one user turn. */
function converse(modelId?: string): NovaSession {
  const session = new NovaSession(newClient(), modelId);
  session.open();
  session.send(nova.sessionStart());
  session.send(nova.promptStart());
  for (const event of nova.text("user-1", "USER", "Hi")) session.send(event);
  return session;
}

/** A raw bidirectional stream on its own session (closed after the test), its output read and dropped. */
function openRawStream() {
  const session = http2.connect(server.url);
  sessions.push(session);
  const stream = session.request({
    ":method": "POST",
    ":path": "/model/amazon.nova-sonic-v1%3A0/invoke-with-bidirectional-stream",
    "content-type": "application/vnd.amazon.eventstream",
  });
  let status = 0;
  stream.on("response", (headers) => {
    status = Number(headers[":status"]);
  });
  stream.on("error", () => {});
  stream.resume();
  const closed = new Promise<void>((resolve) => stream.on("close", resolve));
  return { stream, status: () => status, closed };
}

/** Reads until the output fails, returning the names of the events before and the error. */
async function readUntilError(session: NovaSession): Promise<{ before: string[]; error: unknown }> {
  try {
    const events = await session.rest();
    return { before: names(events), error: undefined };
  } catch (error) {
    return { before: names(session.received), error };
  }
}

describe("InvokeModelWithBidirectionalStream faults and errors", () => {
  test("a streamError fault reaches the SDK as its typed exception after the events before it", async () => {
    await start([
      {
        when: { operation: "InvokeModelWithBidirectionalStream" },
        streamError: { afterEvents: 2, type: "throttlingException", message: "Slow down." },
      },
    ]);
    const { before, error } = await readUntilError(converse());
    expect(before).toEqual(["completionStart", "contentStart"]);
    expect(error).toBeInstanceOf(ThrottlingException);
    expect((error as Error).message).toBe("Slow down.");
  });

  test("an error fault is the SDK's typed HTTP error, with no event before it", async () => {
    await start([
      {
        when: { operation: "InvokeModelWithBidirectionalStream" },
        error: { type: "ThrottlingException", message: "Not now." },
      },
    ]);
    const { before, error } = await readUntilError(converse());
    expect(before).toEqual([]);
    expect(error).toBeInstanceOf(ThrottlingException);
    expect((error as Error).message).toBe("Not now.");
  });

  test("an error fault closes the stream cleanly after its answer, even while the client's input is open", async () => {
    await start([
      { when: { operation: "InvokeModelWithBidirectionalStream" }, error: { type: "ThrottlingException" } },
    ]);
    const { stream, status, closed } = openRawStream();
    // The input is never ended, as a live client's would not be when the answer comes.
    stream.write(signed(chunkEvent(nova.sessionStart())));
    await closed;
    expect(status()).toBe(429);
    expect(stream.rstCode).toBe(http2.constants.NGHTTP2_NO_ERROR);
  });

  test("an error fault after latencyMs lets a client sending more than a flow-control window finish", async () => {
    await start([
      {
        when: { operation: "InvokeModelWithBidirectionalStream" },
        latencyMs: 1,
        error: { type: "ThrottlingException" },
      },
    ]);
    const { stream, status, closed } = openRawStream();
    // Far more than HTTP/2's initial 64 KiB window.
    const event = {
      event: { textInput: { promptName: "p", contentName: "a", content: "A".repeat(64 * 1024) } },
    };
    for (let i = 0; i < 8; i++) stream.write(signed(chunkEvent(event)));
    stream.end();
    await closed;
    expect(status()).toBe(429);
    expect(stream.rstCode).toBe(http2.constants.NGHTTP2_NO_ERROR);
  });

  test("a script turn's error is sent as the matching exception frame", async () => {
    await start();
    const { before, error } = await readUntilError(converse("failing-model"));
    expect(before).toEqual([]);
    expect(error).toBeInstanceOf(ModelTimeoutException);
    expect((error as Error).message).toBe("The model took too long.");
  });

  test("a disconnect fault drops the stream after the events before it", async () => {
    await start([{ disconnect: { afterEvents: 3 } }]);
    const { before, error } = await readUntilError(converse());
    expect(before).toEqual(["completionStart", "contentStart", "textOutput"]);
    expect(error).toBeInstanceOf(Error);
  });

  test("a client that goes away mid-stream frees its session and others are still served", async () => {
    await start();
    const abort = new AbortController();
    const client = newClient();
    let wake = () => {};
    const input = (async function* () {
      for (const event of [nova.sessionStart(), nova.promptStart(), ...nova.text("user-1", "USER", "Hi")])
        yield { chunk: { bytes: Buffer.from(JSON.stringify(event)) } };
      // The input stays open: the client is gone before it ends.
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    })();
    const response = await client.send(
      new InvokeModelWithBidirectionalStreamCommand({ modelId: "slow-model", body: input }),
      { abortSignal: abort.signal },
    );
    const output = response.body?.[Symbol.asyncIterator]();
    await output?.next();
    abort.abort();
    wake();
    // The server's handling of that request finishes (its log entry gets a status) once the client is gone.
    await waitUntil(() => server.requests[0]?.status !== undefined);

    const other = converse();
    expect(await other.until("textOutput")).toMatchObject({ role: "ASSISTANT" });
    other.close();
    expect(names(await other.rest())).toContain("completionEnd");
  });

  test("input frames without the :date/:chunk-signature envelope get a validationException", async () => {
    await start();
    const { status, messages } = await sendRaw(server, [chunkEvent(nova.sessionStart())]);
    expect(status).toBe(200);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.headers[":message-type"]?.value).toBe("exception");
    expect(messages[0]?.headers[":exception-type"]?.value).toBe("validationException");
    expect(Buffer.from(messages[0]?.body ?? []).toString()).toContain(":date");
  });

  test("a chunk signature of the wrong length gets a validationException", async () => {
    await start();
    const { messages } = await sendRaw(server, [signed(chunkEvent(nova.sessionStart()), 16)]);
    expect(messages.map((message) => message.headers[":exception-type"]?.value)).toEqual([
      "validationException",
    ]);
    expect(Buffer.from(messages[0]?.body ?? []).toString()).toContain(":chunk-signature");
  });

  test("a correctly signed session over a raw stream is answered", async () => {
    await start();
    const { messages } = await sendRaw(server, signedInput(ONE_TURN_SESSION));
    expect(messages.every((message) => message.headers[":event-type"]?.value === "chunk")).toBe(true);
    expect(messages.length).toBeGreaterThan(4);
  });

  test("frames split across writes, down to single bytes, are reassembled", async () => {
    await start();
    const bytes = Buffer.concat(signedInput(ONE_TURN_SESSION));
    const { messages } = await sendRaw(
      server,
      [...bytes].map((byte) => Uint8Array.of(byte)),
    );
    const decoded = messages.map((message) =>
      JSON.parse(Buffer.from(JSON.parse(Buffer.from(message.body).toString()).bytes, "base64").toString()),
    );
    expect(decoded.map((event) => Object.keys(event.event)[0])).toEqual([
      "completionStart",
      "contentStart",
      "textOutput",
      "textOutput",
      "textOutput",
      "textOutput",
      "contentEnd",
      "usageEvent",
      "completionEnd",
    ]);
  });

  test("a frame announcing more than 16 MiB is refused before it is buffered", async () => {
    await start();
    const prelude = Buffer.alloc(12);
    prelude.writeUInt32BE(0xfffffff0, 0);
    const { messages } = await sendRaw(server, [prelude]);
    expect(messages.map((message) => message.headers[":exception-type"]?.value)).toEqual([
      "validationException",
    ]);
    expect(Buffer.from(messages[0]?.body ?? []).toString()).toContain(
      "frames must hold 16 to 16777216 bytes",
    );
  });

  test("a chunk that is not a Nova Sonic event reaches the SDK as a ValidationException", async () => {
    await start();
    const session = new NovaSession(newClient());
    session.open();
    session.send({ event: { notAnEvent: {} } } as never);
    const { error } = await readUntilError(session);
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as Error).message).toContain("Invalid input event");
  });

  test("events before sessionStart are rejected", async () => {
    await start();
    const session = new NovaSession(newClient());
    session.open();
    session.send(nova.promptStart());
    const { error } = await readUntilError(session);
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as Error).message).toContain("sessionStart must come first");
  });

  test("an unknown model id is an HTTP ValidationException before any event", async () => {
    await start();
    const { error } = await readUntilError(converse("no-such-model"));
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as Error).message).toBe("The provided model identifier is invalid.");
    expect(server.requests[0]?.status).toBe(400);
  });

  test("over HTTP/1.1 the operation is refused with a ValidationException", async () => {
    await start();
    const client = http1Client(server);
    clients.push(client);
    const error = await rejectionOf(
      client.send(
        new InvokeModelWithBidirectionalStreamCommand({
          modelId: "amazon.nova-sonic-v1:0",
          body: (async function* () {
            yield { chunk: { bytes: Buffer.from(JSON.stringify(nova.sessionStart())) } };
          })(),
        }),
      ),
    );
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as Error).message).toContain("HTTP/2");
    expect(server.requests[0]).toMatchObject({ httpVersion: "1.1", status: 400 });
  });
});
