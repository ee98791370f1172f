import type {
  ContentBlock,
  GuardrailConverseContentQualifier,
  Message,
} from "@aws-sdk/client-bedrock-runtime";
import type { GuardContentMode } from "../contracts/guardrail-options.js";

/**
 * Marks text for the guardrail: a `guardContent` block to put in a run's input, next to plain blocks the
 * guardrail should not read (retrieved documents, instructions). The run sends it as `guardContent` (in
 * every `guard` mode but `"none"`); the history keeps it as a plain text block.
 *
 * ```ts
 * await agent.run([{ text: `Context: ${documents}` }, guarded(question)]);
 * ```
 */
export function guarded(
  text: string,
  options: {
    /** `"grounding_source"` and `"query"` give context to contextual-grounding checks instead of being guarded. */
    qualifiers?: GuardrailConverseContentQualifier[];
  } = {},
): ContentBlock {
  return {
    guardContent: { text: { text, ...(options.qualifiers ? { qualifiers: options.qualifiers } : {}) } },
  };
}

/**
 * Which blocks of a run's requests go out as `guardContent`. Blocks are known by identity: the plan is made
 * from the run's own input messages, which stay the same objects in the conversation for the whole run.
 */
export interface GuardContentPlan {
  mode: GuardContentMode;
  /** Plain blocks of the run's input that the caller marked, each with the `guardContent` block it was. */
  marked: ReadonlyMap<ContentBlock, ContentBlock>;
  /** The text blocks of the run's latest user message. */
  latest: ReadonlySet<ContentBlock>;
}

/**
 * The run's input as the history keeps it (every `guardContent` block turned into the plain block it
 * holds, so a later turn is not guarded by what an earlier one marked), and the plan of what its requests
 * send as `guardContent`.
 */
export function planGuardContent(
  input: Message[],
  mode: GuardContentMode,
): { messages: Message[]; plan: GuardContentPlan } {
  const marked = new Map<ContentBlock, ContentBlock>();
  const messages = input.map((message): Message => {
    if (message.role !== "user" || !message.content?.some((block) => block.guardContent)) return message;
    const content = message.content.map((block) => {
      const plain = plainBlockOf(block);
      if (plain !== block) marked.set(plain, block);
      return plain;
    });
    return { ...message, content };
  });
  const latestUser = [...messages]
    .reverse()
    .find((message) => message.role === "user" && message.content?.some((block) => block.text !== undefined));
  const latest = new Set((latestUser?.content ?? []).filter((block) => block.text !== undefined));
  return { messages, plan: { mode, marked, latest } };
}

/** The messages of one request, with the blocks the plan guards wrapped in `guardContent`. */
export function applyGuardContent(messages: Message[], plan: GuardContentPlan | undefined): Message[] {
  if (!plan || plan.mode === "none") return messages;
  return messages.map((message) => {
    if (message.role !== "user") return message;
    let changed = false;
    const content = (message.content ?? []).map((block) => {
      const wrapped = guardContentFor(block, plan);
      if (wrapped !== block) changed = true;
      return wrapped;
    });
    return changed ? { ...message, content } : message;
  });
}

function guardContentFor(block: ContentBlock, plan: GuardContentPlan): ContentBlock {
  const marked = plan.marked.get(block);
  if (marked) return marked;
  if (block.text === undefined) return block;
  if (plan.mode === "all-user-text" || (plan.mode === "latest-user-message" && plan.latest.has(block)))
    return { guardContent: { text: { text: block.text } } };
  return block;
}

/** The plain block a `guardContent` block holds (text, or image), or the block itself. */
function plainBlockOf(block: ContentBlock): ContentBlock {
  const guard = block.guardContent;
  if (guard?.text) return { text: guard.text.text ?? "" };
  if (guard?.image?.source?.bytes)
    return { image: { format: guard.image.format, source: { bytes: guard.image.source.bytes } } };
  return block;
}
