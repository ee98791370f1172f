import {
  type BedrockRuntimeClient,
  InvokeModelWithBidirectionalStreamCommand,
  type InvokeModelWithBidirectionalStreamInput,
  type InvokeModelWithBidirectionalStreamOutput,
} from "@aws-sdk/client-bedrock-runtime";

/** A Nova Sonic output event, decoded from a chunk's bytes. */
export type NovaEvent = { event: Record<string, Record<string, unknown>> };

/**
 * A live InvokeModelWithBidirectionalStream session through the real SDK: `send` feeds the input iterable the
 * SDK is still reading, `next`/`until` read the output as it arrives, so a test can interleave the two.
 */
export class NovaSession {
  private readonly pending: InvokeModelWithBidirectionalStreamInput[] = [];
  private wake: (() => void) | undefined;
  private closed = false;
  private output: Promise<AsyncIterator<InvokeModelWithBidirectionalStreamOutput>> | undefined;
  /** Every output event read so far. */
  readonly received: NovaEvent[] = [];

  constructor(
    private readonly client: BedrockRuntimeClient,
    private readonly modelId = "amazon.nova-sonic-v1:0",
  ) {}

  /**
   * Starts the call. `client.send` resolves only once the first output event has arrived (the SDK reads it
   * to look for an initial-response), so the call is not awaited here: input goes on being sent meanwhile.
   */
  open(): void {
    const response = this.client.send(
      new InvokeModelWithBidirectionalStreamCommand({ modelId: this.modelId, body: this.input() }),
    );
    this.output = response.then((value) => {
      if (!value.body) throw new Error("the response has no body");
      return value.body[Symbol.asyncIterator]();
    });
    // The failure is seen by whoever reads the output; here it must not go unhandled.
    this.output.catch(() => {});
  }

  send(event: NovaEvent): void {
    this.pending.push({ chunk: { bytes: Buffer.from(JSON.stringify(event)) } });
    this.wake?.();
  }

  /** Ends the input (the SDK then sends its signed closing frame). */
  close(): void {
    this.closed = true;
    this.wake?.();
  }

  /** The next output event, or undefined when the output has ended. Throws what the SDK throws. */
  async next(): Promise<NovaEvent | undefined> {
    if (!this.output) throw new Error("open() first");
    const { value, done } = await (await this.output).next();
    if (done) return undefined;
    if (!value.chunk?.bytes) throw new Error(`unexpected output member: ${Object.keys(value).join(", ")}`);
    const event = JSON.parse(Buffer.from(value.chunk.bytes).toString("utf8")) as NovaEvent;
    this.received.push(event);
    return event;
  }

  /** Reads until an event named `name` arrives, and returns it. */
  async until(name: string): Promise<Record<string, unknown>> {
    for (;;) {
      const event = await this.next();
      if (!event) throw new Error(`the output ended before ${name}`);
      const fields = event.event[name];
      if (fields) return fields;
    }
  }

  /** Reads to the end of the output. */
  async rest(): Promise<NovaEvent[]> {
    const events: NovaEvent[] = [];
    for (let event = await this.next(); event; event = await this.next()) events.push(event);
    return events;
  }

  private async *input(): AsyncGenerator<InvokeModelWithBidirectionalStreamInput> {
    for (;;) {
      const event = this.pending.shift();
      if (event) yield event;
      else if (this.closed) return;
      else await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}

/** Names of the events, in order. */
export function names(events: NovaEvent[]): string[] {
  return events.map((event) => Object.keys(event.event)[0] ?? "");
}

/** The input events of a Nova Sonic session, with the fields Nova Sonic's guide uses. */
export const nova = {
  sessionStart: (): NovaEvent => ({
    event: { sessionStart: { inferenceConfiguration: { maxTokens: 1024, topP: 0.9, temperature: 0.7 } } },
  }),
  promptStart: (tools: { name: string; description: string }[] = []): NovaEvent => ({
    event: {
      promptStart: {
        promptName: "prompt-1",
        textOutputConfiguration: { mediaType: "text/plain" },
        ...(tools.length
          ? {
              toolUseOutputConfiguration: { mediaType: "application/json" },
              toolConfiguration: {
                tools: tools.map((tool) => ({
                  toolSpec: {
                    ...tool,
                    inputSchema: { json: JSON.stringify({ type: "object", properties: {} }) },
                  },
                })),
              },
            }
          : {}),
      },
    },
  }),
  /** contentStart, textInput, contentEnd of one text content. */
  text: (contentName: string, role: "SYSTEM" | "USER" | "ASSISTANT", content: string): NovaEvent[] => [
    {
      event: {
        contentStart: {
          promptName: "prompt-1",
          contentName,
          type: "TEXT",
          interactive: true,
          role,
          textInputConfiguration: { mediaType: "text/plain" },
        },
      },
    },
    { event: { textInput: { promptName: "prompt-1", contentName, content } } },
    { event: { contentEnd: { promptName: "prompt-1", contentName } } },
  ],
  toolResult: (contentName: string, toolUseId: string, result: unknown): NovaEvent[] => [
    {
      event: {
        contentStart: {
          promptName: "prompt-1",
          contentName,
          interactive: false,
          type: "TOOL",
          role: "TOOL",
          toolResultInputConfiguration: {
            toolUseId,
            type: "TEXT",
            textInputConfiguration: { mediaType: "text/plain" },
          },
        },
      },
    },
    { event: { toolResult: { promptName: "prompt-1", contentName, content: JSON.stringify(result) } } },
    { event: { contentEnd: { promptName: "prompt-1", contentName } } },
  ],
  promptEnd: (): NovaEvent => ({ event: { promptEnd: { promptName: "prompt-1" } } }),
  sessionEnd: (): NovaEvent => ({ event: { sessionEnd: {} } }),
};

/** An audio content of `chunks` base64 pieces (what a microphone would send), then its end. */
export function audioContent(contentName: string, chunks: Buffer[]): NovaEvent[] {
  return [
    {
      event: {
        contentStart: {
          promptName: "prompt-1",
          contentName,
          type: "AUDIO",
          interactive: true,
          role: "USER",
          audioInputConfiguration: { mediaType: "audio/lpcm", sampleRateHertz: 16000, sampleSizeBits: 16 },
        },
      },
    },
    ...chunks.map((chunk) => ({
      event: { audioInput: { promptName: "prompt-1", contentName, content: chunk.toString("base64") } },
    })),
    { event: { contentEnd: { promptName: "prompt-1", contentName } } },
  ];
}
