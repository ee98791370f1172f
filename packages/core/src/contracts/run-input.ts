import type { ContentBlock, Message } from "@aws-sdk/client-bedrock-runtime";
import type { ApprovalInput } from "./approval.js";

/**
 * What a run starts from: a prompt, content blocks (text, images, documents), whole messages, or the
 * decisions on the calls its session's last run left waiting for approval (`{ decisions }`).
 */
export type RunInput = string | ContentBlock[] | Message[] | ApprovalInput;
