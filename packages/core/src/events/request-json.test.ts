import { describe, expect, it } from "vitest";
import { parseAgentEvent, stringifyAgentEvent } from "./event-json.js";
import { parseAgentRequest, stringifyAgentRequest } from "./request-json.js";

describe("stringifyAgentRequest and parseAgentRequest", () => {
  it("carry bytes nested anywhere in a body as $bytes and back", () => {
    const body = {
      sessionId: "s",
      input: [
        { text: "Look:" },
        { image: { format: "png", source: { bytes: new Uint8Array([137, 80, 78, 71]) } } },
        { document: { format: "txt", name: "empty", source: { bytes: new Uint8Array() } } },
      ],
    };
    const json = stringifyAgentRequest(body);

    expect(JSON.parse(json).input[1].image.source.bytes).toEqual({ $bytes: "iVBORw==" });
    expect(JSON.parse(json).input[2].document.source.bytes).toEqual({ $bytes: "" });
    expect(parseAgentRequest(json)).toEqual(body);
  });

  it("read a Node Buffer and other views as their bytes, not as Buffer#toJSON's numbers", () => {
    const buffer = Buffer.from([1, 2, 3]);
    const view = new DataView(new Uint8Array([9, 1, 2, 3, 9]).buffer, 1, 3);

    expect(JSON.parse(stringifyAgentRequest({ buffer, view }))).toEqual({
      buffer: { $bytes: "AQID" },
      view: { $bytes: "AQID" },
    });
    expect(parseAgentRequest(stringifyAgentRequest(buffer))).toEqual(new Uint8Array([1, 2, 3]));
  });

  it("leave plain JSON, and objects that only look like bytes, as they are", () => {
    const body = { a: 1, b: [true, null, "x"], c: { $bytes: "AQID", other: 1 }, d: { $bytes: 5 } };

    expect(parseAgentRequest(JSON.stringify(body))).toEqual(body);
    expect(() => parseAgentRequest("{ input:")).toThrow(SyntaxError);
  });

  it("encode bytes as events do, so one convention holds both ways", () => {
    const bytes = new Uint8Array([0, 1, 254, 255]);
    const event = stringifyAgentEvent({
      type: "reasoning-redacted",
      runId: "r",
      step: 1,
      agentPath: ["agent"],
      id: "1:0",
      data: bytes,
    });

    expect(stringifyAgentRequest({ data: bytes })).toBe(`{"data":${JSON.stringify(JSON.parse(event).data)}}`);
    expect(parseAgentEvent(event)).toMatchObject({ data: bytes });
  });
});
