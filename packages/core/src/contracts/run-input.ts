import type { ContentBlock, Message } from "@aws-sdk/client-bedrock-runtime";

/** What a run starts from: a prompt, content blocks (text, images, documents), or whole messages. */
export type RunInput = string | ContentBlock[] | Message[];
