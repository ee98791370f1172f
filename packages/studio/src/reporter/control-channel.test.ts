import { describe, expect, test } from "vitest";
import { sseParser } from "./control-channel.js";

describe("reading server-sent events", () => {
  test("hands each event's data on at its blank line, across chunks, skipping comments", () => {
    const seen: string[] = [];
    const feed = sseParser((data) => seen.push(data));
    feed(': open\n\ndata: {"a"');
    feed(":1}\r\n\r\ndata: one\ndata: two\n");
    expect(seen).toEqual(['{"a":1}']);
    feed("\n");
    expect(seen).toEqual(['{"a":1}', "one\ntwo"]);
  });
});
