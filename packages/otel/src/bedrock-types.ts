import type { ModelCallEnd, RunWatcher } from "@lode/core";

// Bedrock's types as `@lode/core` hands them over: this package needs no AWS SDK of its own.

/** A ConverseStream request, as a model call sends it. */
export type ConverseRequest = Parameters<RunWatcher["modelCall"]>[0]["request"];

/** A Bedrock message (a turn of the conversation). */
export type BedrockMessage = Extract<ModelCallEnd, { status: "answered" }>["message"];

/** One block of a Bedrock message. */
export type BedrockContentBlock = NonNullable<BedrockMessage["content"]>[number];
