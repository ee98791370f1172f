import type { Message } from "@aws-sdk/client-bedrock-runtime";

/** Messages that exercise what a store must keep exactly: bytes, redacted reasoning, tool pairs, unicode. */
export function sampleTurn(label: string): Message[] {
  return [
    {
      role: "user",
      content: [
        { text: `${label}: what is in this picture? ✓ “quotes” \n newline` },
        { image: { format: "png", source: { bytes: new Uint8Array([137, 80, 78, 71, 0, 255, 1, 2]) } } },
      ],
    },
    {
      role: "assistant",
      content: [
        { reasoningContent: { redactedContent: new Uint8Array([0, 1, 2, 253, 254, 255]) } },
        { reasoningContent: { reasoningText: { text: "thinking", signature: "sig==" } } },
        { toolUse: { toolUseId: `tu_${label}`, name: "look", input: { deep: { list: [1, "two", null] } } } },
      ],
    },
    {
      role: "user",
      content: [
        { toolResult: { toolUseId: `tu_${label}`, content: [{ json: { seen: true } }], status: "success" } },
      ],
    },
    { role: "assistant", content: [{ text: `${label}: a cat.` }] },
  ];
}

/** `count` small messages, alternating roles, each naming its index. */
export function manyMessages(count: number, label = "m"): Message[] {
  return Array.from({ length: count }, (_, index) => ({
    role: index % 2 === 0 ? "user" : "assistant",
    content: [{ text: `${label} ${index}` }],
  }));
}
