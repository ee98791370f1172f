import { describe, expect, it } from "vitest";
import { parseSse, type SseMessage } from "./parse-sse.js";

/** Parses `text` delivered in the given pieces. */
async function parse(...pieces: string[]): Promise<SseMessage[]> {
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const piece of pieces) controller.enqueue(encoder.encode(piece));
      controller.close();
    },
  });
  const messages: SseMessage[] = [];
  for await (const message of parseSse(stream.getReader())) messages.push(message);
  return messages;
}

describe("parseSse", () => {
  const text =
    'event: text-delta\nid: 1\ndata: {"a":1}\n\n: keep-alive\n\nevent: run-end\nid: 2\ndata: {"b":"é"}\n\n';
  const expected = [
    { event: "text-delta", data: '{"a":1}', id: "1" },
    { event: "run-end", data: '{"b":"é"}', id: "2" },
  ];

  it("reads named messages and skips comments", async () => {
    expect(await parse(text)).toEqual(expected);
  });

  it("reads the same messages however the bytes are split, even inside a character", async () => {
    const bytes = new TextEncoder().encode(text);
    for (let cut = 1; cut < bytes.length; cut++) {
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(bytes.slice(0, cut));
          controller.enqueue(bytes.slice(cut));
          controller.close();
        },
      });
      const messages: SseMessage[] = [];
      for await (const message of parseSse(stream.getReader())) messages.push(message);
      expect(messages).toEqual(expected);
    }
  });

  it("accepts CRLF and CR line ends, a CRLF split across chunks included", async () => {
    expect(await parse("data: one\r", "\n\r", "\ndata: two\r\rdata: three\n\n")).toEqual([
      { event: "message", data: "one", id: undefined },
      { event: "message", data: "two", id: undefined },
      { event: "message", data: "three", id: undefined },
    ]);
  });

  it("joins data lines with LF and drops only one space after the colon", async () => {
    expect(await parse("data:a\ndata:  b\ndata\n\n")).toEqual([
      { event: "message", data: "a\n b\n", id: undefined },
    ]);
  });

  it("drops a message the stream ends in the middle of", async () => {
    expect(await parse("data: whole\n\ndata: cut")).toEqual([
      { event: "message", data: "whole", id: undefined },
    ]);
  });
});
