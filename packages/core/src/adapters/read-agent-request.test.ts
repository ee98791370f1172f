import { describe, expect, it } from "vitest";
import { LodeError } from "../errors/lode-error.js";
import { readAgentRequest } from "./read-agent-request.js";

async function* chunks(...items: unknown[]): AsyncGenerator<Uint8Array> {
  for (const item of items) {
    if (item instanceof Error) throw item;
    yield item as Uint8Array;
  }
}

describe("readAgentRequest on a broken body", () => {
  it("answers a body that breaks off mid-upload with invalid-request, its cause kept", async () => {
    const broken = new Error("aborted");
    const error = await readAgentRequest(chunks(new TextEncoder().encode('{"in'), broken)).catch((e) => e);
    expect(LodeError.isInstance(error) && error.code).toBe("invalid-request");
    expect((error as LodeError).cause).toBe(broken);
  });

  it("refuses a body read as text rather than bytes", async () => {
    const error = await readAgentRequest(chunks('{"input":"hi"}')).catch((e) => e);
    expect(LodeError.isInstance(error) && error.code).toBe("invalid-request");
  });
});
