import { afterEach, describe, expect, test, vi } from "vitest";
import { ControlRelay } from "./control-relay.js";
import type { EventStream } from "./event-stream.js";
import { HttpError } from "./http-io.js";

function fakeStream(): EventStream & { sent: unknown[]; end(): void } {
  let end = () => {};
  const closed = new Promise<void>((resolve) => {
    end = resolve;
  });
  const sent: unknown[] = [];
  return { sent, send: (value) => sent.push(value), close: () => end(), closed, end: () => end() };
}

afterEach(() => vi.useRealTimers());

describe("ControlRelay", () => {
  test("504 when the process does not acknowledge in time", async () => {
    vi.useFakeTimers();
    const relay = new ControlRelay(10_000);
    relay.open("p", fakeStream());
    const sending = relay.sendDecisions("p", "r", [{ toolUseId: "t", approved: false }]);
    const caught = sending.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await caught).toEqual(
      new HttpError(504, "The run's process did not acknowledge the decisions in time."),
    );
    expect((await caught) as HttpError).toHaveProperty("status", 504);
  });

  test("a second channel of one process replaces its first; a closed one stops listening", async () => {
    const relay = new ControlRelay();
    const first = fakeStream();
    const second = fakeStream();
    relay.open("p", first);
    relay.open("p", second);
    await first.closed;
    expect(relay.isListening("p")).toBe(true);
    second.end();
    await second.closed;
    await Promise.resolve();
    expect(relay.isListening("p")).toBe(false);
    await expect(relay.sendDecisions("p", "r", [])).rejects.toHaveProperty("status", 409);
  });

  test("closing answers what waits", async () => {
    const relay = new ControlRelay();
    relay.open("p", fakeStream());
    const sending = relay.sendDecisions("p", "r", []);
    relay.close();
    await expect(sending).rejects.toHaveProperty("status", 502);
  });
});
