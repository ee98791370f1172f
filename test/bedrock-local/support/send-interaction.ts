import {
  ApplyGuardrailCommand,
  type ApplyGuardrailCommandInput,
  type BedrockRuntimeClient,
  ConverseCommand,
  type ConverseCommandInput,
  ConverseStreamCommand,
  type ConverseStreamCommandInput,
  CountTokensCommand,
  type CountTokensCommandInput,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
  type ResponseStream,
} from "@aws-sdk/client-bedrock-runtime";
import { type RecordedInteraction, toSdkInput } from "../../support/recordings.js";
import { collectUntilError } from "./sdk-clients.js";

/** The part of the SDK's `$metadata` these tests read. */
interface ResponseMetadata {
  httpStatusCode?: number;
  requestId?: string;
}

/** What the SDK made of one response: its output (stream events collected), or the error it threw. */
export type Outcome =
  | { kind: "output"; status: number | undefined; requestId: string | undefined; output: unknown }
  | { kind: "error"; status: number | undefined; requestId: string | undefined; error: ErrorShape };

export interface ErrorShape {
  className: string;
  name: string;
  message: string;
  fault: unknown;
  /** Own enumerable fields beyond name, message and metadata (e.g. `originalStatusCode`). */
  fields: Record<string, unknown>;
}

/** Sends a recorded request with the SDK command of its operation and describes what came back. */
export async function sendInteraction(
  client: BedrockRuntimeClient,
  interaction: RecordedInteraction,
): Promise<Outcome> {
  const body = toSdkInput(interaction.requestBody ?? {}) as Record<string, unknown>;
  const [, targetId, , version] = interaction.segments;
  try {
    switch (interaction.operation) {
      case "Converse":
        return outputOutcome(
          await client.send(new ConverseCommand({ ...body, modelId: targetId } as ConverseCommandInput)),
        );
      case "CountTokens":
        return outputOutcome(
          await client.send(
            new CountTokensCommand({ ...body, modelId: targetId } as CountTokensCommandInput),
          ),
        );
      case "ApplyGuardrail":
        return outputOutcome(
          await client.send(
            new ApplyGuardrailCommand({
              ...body,
              guardrailIdentifier: targetId,
              guardrailVersion: version,
            } as ApplyGuardrailCommandInput),
          ),
        );
      case "InvokeModel": {
        const { body: bytes, ...rest } = await client.send(
          new InvokeModelCommand({ modelId: targetId, ...invokeInput(interaction) }),
        );
        return outputOutcome({ ...rest, body: decodeJson(bytes) });
      }
      case "InvokeModelWithResponseStream": {
        const { body: stream, ...rest } = await client.send(
          new InvokeModelWithResponseStreamCommand({
            modelId: targetId,
            ...invokeInput(interaction),
            accept: interaction.requestHeaders["x-amzn-bedrock-accept"],
          }),
        );
        const { events, error } = await collectChunksUntilError(stream);
        return outputOutcome({
          ...rest,
          events: events.map((event) => (event.chunk ? { chunk: decodeJson(event.chunk.bytes) } : event)),
          streamError: error === undefined ? undefined : errorShape(error),
        });
      }
      case "ConverseStream": {
        const { stream, ...rest } = await client.send(
          new ConverseStreamCommand({ ...body, modelId: targetId } as ConverseStreamCommandInput),
        );
        const { events, error } = await collectUntilError(stream);
        return outputOutcome({
          ...rest,
          events,
          streamError: error === undefined ? undefined : errorShape(error),
        });
      }
    }
  } catch (error) {
    const { $metadata } = error as { $metadata?: ResponseMetadata };
    return {
      kind: "error",
      status: $metadata?.httpStatusCode,
      requestId: $metadata?.requestId,
      error: errorShape(error),
    };
  }
}

/** The events of an InvokeModelWithResponseStream body received before it failed, and what it failed with. */
async function collectChunksUntilError(
  stream: AsyncIterable<ResponseStream> | undefined,
): Promise<{ events: ResponseStream[]; error: unknown }> {
  const events: ResponseStream[] = [];
  try {
    for await (const event of stream ?? []) events.push(event);
  } catch (error) {
    return { events, error };
  }
  return { events, error: undefined };
}

/** InvokeModel's body is the model's own JSON, sent as bytes with the recorded content type and accept. */
function invokeInput(interaction: RecordedInteraction) {
  return {
    body: new TextEncoder().encode(JSON.stringify(interaction.requestBody ?? {})),
    contentType: interaction.requestHeaders["content-type"],
    accept: interaction.requestHeaders.accept,
  };
}

/** Model-native bytes as the JSON they hold (a chunk's bytes too), so outputs compare by content. */
function decodeJson(bytes: Uint8Array | undefined): unknown {
  return bytes === undefined ? undefined : JSON.parse(new TextDecoder().decode(bytes));
}

function outputOutcome<Output extends { $metadata: ResponseMetadata }>({
  $metadata,
  ...output
}: Output): Outcome {
  return { kind: "output", status: $metadata.httpStatusCode, requestId: $metadata.requestId, output };
}

function errorShape(error: unknown): ErrorShape {
  if (!(error instanceof Error))
    return { className: typeof error, name: "", message: String(error), fault: undefined, fields: {} };
  const { $metadata, $response, $fault, ...fields } = error as Error & Record<string, unknown>;
  return {
    className: error.constructor.name,
    name: error.name,
    message: error.message,
    fault: $fault,
    fields,
  };
}
