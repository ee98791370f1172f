import { describe, expect, it } from "vitest";
import type { AgentEvent, EventOf } from "../contracts/agent-event.js";
import { LodeError } from "../errors/lode-error.js";
import { base64ToBytes, bytesToBase64, portableBytesToBase64 } from "./base64.js";
import { parseAgentEvent, stringifyAgentEvent } from "./event-json.js";

const base = { runId: "run_1", step: 1, agentPath: ["agent"] };

describe("bytesToBase64 (portable and Node) and base64ToBytes", () => {
  it("agree with Node's Buffer for every length up to 300", () => {
    const mismatches: number[] = [];
    for (let length = 0; length <= 300; length++) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 151 + length) & 255);
      const text = Buffer.from(bytes).toString("base64");
      if (
        portableBytesToBase64(bytes) !== text ||
        bytesToBase64(bytes) !== text ||
        Buffer.compare(base64ToBytes(text), bytes) !== 0
      )
        mismatches.push(length);
    }
    expect(mismatches).toEqual([]);
  });

  it("rejects characters outside the alphabet", () => {
    expect(() => base64ToBytes("ab$d")).toThrow(SyntaxError);
  });
});

describe("stringifyAgentEvent and parseAgentEvent", () => {
  it("carry redacted reasoning's bytes as $bytes and back", () => {
    const event: AgentEvent = {
      ...base,
      type: "reasoning-redacted",
      id: "1:0",
      data: new Uint8Array([0, 1, 254, 255]),
    };
    const json = stringifyAgentEvent(event);

    expect(JSON.parse(json).data).toEqual({ $bytes: "AAH+/w==" });
    expect(parseAgentEvent(json)).toEqual(event);
  });

  it("carry image bytes nested in messages and tool results", () => {
    const bytes = new Uint8Array([137, 80, 78, 71]);
    const message: AgentEvent = {
      ...base,
      type: "message",
      message: {
        role: "user",
        content: [
          { toolResult: { toolUseId: "t", content: [{ image: { format: "png", source: { bytes } } }] } },
        ],
      },
    };

    const parsed = parseAgentEvent(stringifyAgentEvent(message)) as EventOf<"message">;

    expect(parsed).toEqual(message);
    expect(parsed.message.content?.[0]?.toolResult?.content?.[0]?.image?.source?.bytes).toBeInstanceOf(
      Uint8Array,
    );
  });

  it("carry a run's error as name, message and code, revived as a LodeError without its cause", () => {
    const error = new LodeError("throttled", "Too many requests.", {
      requestId: "req-1",
      retryable: true,
      cause: new Error("internal detail"),
    });
    const event: AgentEvent = { ...base, type: "run-error", code: error.code, message: error.message, error };

    const json = stringifyAgentEvent(event);
    const parsed = parseAgentEvent(json) as EventOf<"run-error">;

    expect(JSON.parse(json).error).toEqual({
      name: "LodeError",
      message: "Too many requests.",
      code: "throttled",
      requestId: "req-1",
      retryable: true,
    });
    expect(json).not.toContain("internal detail");
    expect(LodeError.isInstance(parsed.error)).toBe(true);
    expect(parsed.error).toMatchObject({
      code: "throttled",
      message: "Too many requests.",
      requestId: "req-1",
      retryable: true,
    });
    expect((parsed.error as LodeError).cause).toBeUndefined();
  });

  it("leave objects that merely have a $bytes key among others alone", () => {
    const event: AgentEvent = {
      ...base,
      type: "tool-progress",
      toolUseId: "t",
      toolName: "x",
      data: { $bytes: "AA==", other: 1 },
    };

    expect(parseAgentEvent(stringifyAgentEvent(event))).toEqual(event);
  });

  it("keep text with line breaks and separators on one line", () => {
    const event: AgentEvent = { ...base, type: "text-delta", id: "1:0", text: "a\nb\r\nc\u2028d\n\n" };
    const json = stringifyAgentEvent(event);

    expect(json).not.toMatch(/[\r\n]/);
    expect(parseAgentEvent(json)).toEqual(event);
  });

  it("reject JSON that is not an event", () => {
    expect(() => parseAgentEvent("[1]")).toThrow(SyntaxError);
    expect(() => parseAgentEvent("{nope")).toThrow(SyntaxError);
  });
});

/** A tool result's e-mail address, masked: the finding still holds what it matched. */
const maskedEmail = {
  origin: "tool",
  toolUseId: "t1",
  toolName: "lookup",
  side: "output",
  action: "masked",
  policies: ["sensitive-information"],
  findings: [
    {
      policy: "sensitive-information",
      kind: "pii",
      type: "EMAIL",
      match: "ana@example.com",
      action: "masked",
    },
  ],
  assessments: [{ sensitiveInformationPolicy: { piiEntities: [{ match: "ana@example.com" }] } }],
};
const findingsWithoutMatch = [
  { policy: "sensitive-information", kind: "pii", type: "EMAIL", action: "masked" },
];

describe("stringifyAgentEvent on guardrail events", () => {
  it("leaves out the matched text, the trace and the assessments, keeping what was found", () => {
    const event = {
      type: "guardrail",
      runId: "run",
      step: 1,
      intervention: maskedEmail,
    } as unknown as EventOf<"guardrail">;
    const json = stringifyAgentEvent(event);
    expect(json).not.toContain("ana@example.com");
    const parsed = parseAgentEvent(json) as EventOf<"guardrail">;
    expect(parsed.intervention.findings).toEqual(findingsWithoutMatch);
    expect(parsed.intervention.origin === "tool" && parsed.intervention.assessments).toEqual([]);
  });

  it("leaves the matched text out of run-end's result too, which repeats the run's interventions", () => {
    const event = {
      type: "run-end",
      runId: "run",
      step: 1,
      result: { text: "Done.", guardrail: undefined, guardrailInterventions: [maskedEmail] },
    } as unknown as EventOf<"run-end">;
    const json = stringifyAgentEvent(event);
    expect(json).not.toContain("ana@example.com");
    const parsed = parseAgentEvent(json) as EventOf<"run-end">;
    expect(parsed.result.guardrailInterventions[0]?.findings).toEqual(findingsWithoutMatch);
    expect(parsed.result.text).toBe("Done.");
  });
});
