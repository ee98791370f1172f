import type { UIMessage } from "ai";
import { describe, expect, test } from "vitest";
import { closeAfterEach } from "../adapters/support/close-after-each.js";
import { readMessage } from "../adapters/support/read-ui-message.js";
import { serveAgent, TRANSPORTS } from "../adapters/support/serve-agent.js";
import { scriptOf, startScriptedAgent, toolResultsSent } from "../support/scripted-agent.js";
import { TWO_APPROVALS, tripTools } from "./support/trip-tools.js";

const track = closeAfterEach();

type ToolPart = Extract<UIMessage["parts"][number], { toolCallId: string }> & {
  state: string;
  approval?: { id: string; approved?: boolean; reason?: string };
};

function toolPart(message: UIMessage, toolCallId: string): ToolPart {
  const part = message.parts.find((item) => (item as { toolCallId?: string }).toolCallId === toolCallId);
  if (!part) throw new Error(`no part for ${toolCallId}`);
  return part as ToolPart;
}

describe.each(TRANSPORTS)("approvals in the AI SDK's UI message stream (%s)", (transport) => {
  test("asks for approval as useChat expects, and goes on from the responses useChat sends back", async () => {
    const trip = tripTools();
    const harness = track(
      await startScriptedAgent(scriptOf(TWO_APPROVALS, { text: "Oslo is booked; Lima was refused." }), {
        tools: trip.tools,
      }),
    );
    const server = track(await serveAgent(harness.agent, transport, "ui"));
    const post = (body: unknown) => fetch(server.url, { method: "POST", body: JSON.stringify(body) });

    const first = await readMessage(await post({ input: "Book Oslo and Lima.", sessionId: "s" }));
    expect(first.errors).toEqual([]);
    const oslo = toolPart(first.message, "tu_oslo");
    const lima = toolPart(first.message, "tu_lima");
    expect([oslo.state, lima.state]).toEqual(["approval-requested", "approval-requested"]);
    expect(oslo.approval?.id).toBe("tu_oslo");
    expect(toolPart(first.message, "tu_weather").state).toBe("output-available");

    // What useChat's addToolApprovalResponse does to the parts, before it sends the messages back.
    oslo.state = "approval-responded";
    oslo.approval = { id: "tu_oslo", approved: true };
    lima.state = "approval-responded";
    lima.approval = { id: "tu_lima", approved: false, reason: "Too far." };
    const user: UIMessage = {
      id: "u1",
      role: "user",
      parts: [{ type: "text", text: "Book Oslo and Lima." }],
    };
    const second = await readMessage(
      await post({ sessionId: "s", messages: [user, first.message] }),
      structuredClone(first.message),
    );

    expect(second.errors).toEqual([]);
    expect(second.message.id).toBe(first.message.id);
    expect(toolPart(second.message, "tu_oslo")).toMatchObject({
      state: "output-available",
      output: { booked: "Oslo", price: 250 },
    });
    expect(toolPart(second.message, "tu_lima").state).toBe("output-denied");
    expect(second.message.parts.at(-1)).toMatchObject({
      type: "text",
      text: "Oslo is booked; Lima was refused.",
    });
    expect(trip.booked).toEqual([{ city: "Oslo", price: 250 }]);
    expect(toolResultsSent(harness.server, 1).map((result) => result.status)).toEqual([
      "success",
      "error",
      "success",
    ]);
  });
});
