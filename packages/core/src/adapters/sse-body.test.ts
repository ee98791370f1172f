import { describe, expect, it } from "vitest";
import { createSseBody } from "./sse-body.js";

async function readText(stream: ReadableStream<Uint8Array>): Promise<string> {
  let text = "";
  const decoder = new TextDecoder();
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) text += decoder.decode(chunk);
  return text;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("createSseBody", () => {
  it("sends a keep-alive comment while a message is slow to come", async () => {
    const messages = ["data: 1\n\n", "data: 2\n\n"];
    const body = createSseBody(
      {
        next: async () => {
          if (messages.length === 1) await delay(60);
          return messages.shift();
        },
        cancel: async () => {},
      },
      { keepAliveMs: 10 },
    );

    expect(await readText(body)).toMatch(/^data: 1\n\n(: keep-alive\n\n)+data: 2\n\n$/);
  });

  it("sends none when turned off", async () => {
    const messages = ["data: 1\n\n"];
    const body = createSseBody(
      {
        next: async () => {
          await delay(30);
          return messages.shift();
        },
        cancel: async () => {},
      },
      { keepAliveMs: 0 },
    );

    expect(await readText(body)).toBe("data: 1\n\n");
  });

  it("stops the producer when a message cannot be made, then errors", async () => {
    let cancelled = false;
    const body = createSseBody({
      next: async () => {
        throw new TypeError("Converting circular structure to JSON");
      },
      cancel: async () => {
        cancelled = true;
      },
    });

    await expect(readText(body)).rejects.toThrow(TypeError);
    expect(cancelled).toBe(true);
  });
});
