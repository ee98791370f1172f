/**
 * How the cost of each context strategy grows with the history: `prepare` timed on sessions of 100,
 * 1,000, 2,000 and 10,000 messages (a prompt, a signed-reasoning tool call, a 2,000-character tool result and an
 * answer, repeated). Pure functions: CountTokens and the summarizing model are a fake client answering at
 * once, so the figures are Lode's own work, not Bedrock's latency. "cold" is a fresh strategy on messages
 * never seen (every message hashed, counted, the prefix summarized); "warm" is the next step of the same
 * run (the history plus two new messages, counts and summary cached). Prints medians in milliseconds and
 * the calls the fake client received, cold / warm (CountTokens calls are what cost a real first request
 * its seconds: each is a round trip to Bedrock).
 *
 *   npx tsx bench/memory-strategies.ts [reps=5]
 */
import {
  type BedrockRuntimeClient,
  ConverseCommand,
  CountTokensCommand,
  type Message,
} from "@aws-sdk/client-bedrock-runtime";
import { type ContextStrategy, composeStrategies } from "@lode/core";
import {
  estimateMessageTokens,
  slidingWindow,
  summarize,
  tokenBudget,
  truncateToolResults,
} from "@lode/memory";
import { sized } from "./support/smoke.js";
import { median } from "./support/stats.js";

// Even the smoke run's 100 messages hold more than summarize keeps, the window holds and the budget allows.
const SIZES = sized([100, 1_000, 2_000, 10_000], [100, 200]);
const reps = Number(process.argv[2] ?? sized(5, 1));

const strategies: Record<string, () => ContextStrategy> = {
  "slidingWindow(50)": () => slidingWindow({ maxMessages: 50 }),
  "truncateToolResults(500)": () => truncateToolResults({ maxChars: 500 }),
  "tokenBudget(8k, estimate)": () => tokenBudget({ maxTokens: 8_000, countTokens: "estimate" }),
  "tokenBudget(8k, bedrock)": () => tokenBudget({ maxTokens: 8_000 }),
  "summarize(20)": () => summarize({ keepRecent: 20 }),
  "truncate > summarize > window": () =>
    composeStrategies(
      truncateToolResults({ maxChars: 500 }),
      summarize({ keepRecent: 20 }),
      slidingWindow({ maxMessages: 50 }),
    ),
};

/** Answers CountTokens with the local estimate and Converse with a fixed summary; counts its calls. */
function fakeClient(): { client: BedrockRuntimeClient; calls: () => number } {
  // A batch of messages arrives as one user message: its estimate is the count's stand-in.
  let calls = 0;
  const send = async (command: unknown) => {
    calls++;
    if (command instanceof CountTokensCommand) {
      const message = command.input.input?.converse?.messages?.[0] as Message;
      return { inputTokens: estimateMessageTokens(message) };
    }
    if (command instanceof ConverseCommand) {
      return { output: { message: { role: "assistant", content: [{ text: "A summary." }] } } };
    }
    throw new Error("unexpected command");
  };
  return { client: { send } as unknown as BedrockRuntimeClient, calls: () => calls };
}

function history(size: number, tag: string): Message[] {
  const messages: Message[] = [];
  for (let i = 0; messages.length < size - 1; i++) {
    const id = `${tag}-${i}`;
    messages.push(
      { role: "user", content: [{ text: `Question ${i}: what does the report say about item ${i}?` }] },
      {
        role: "assistant",
        content: [
          { reasoningContent: { reasoningText: { text: `Look item ${i} up.`, signature: `sig-${id}` } } },
          { toolUse: { toolUseId: id, name: "lookup", input: { item: i } } },
        ],
      },
      {
        role: "user",
        content: [{ toolResult: { toolUseId: id, content: [{ text: `row ${i} `.repeat(250) }] } }],
      },
      { role: "assistant", content: [{ text: `Item ${i} is fine.` }] },
    );
  }
  messages.length = size - 1;
  if (messages.at(-1)?.role === "user") messages.pop();
  messages.push({ role: "user", content: [{ text: "And the next one?" }] });
  return messages;
}

async function measure(make: () => ContextStrategy, size: number) {
  const cold: number[] = [];
  const warm: number[] = [];
  let calls = 0;
  let warmCalls = 0;
  for (let rep = 0; rep < reps; rep++) {
    const messages = history(size, `r${rep}`);
    const next: Message[] = [
      ...messages,
      { role: "assistant", content: [{ text: "It is fine too." }] },
      { role: "user", content: [{ text: "Thanks." }] },
    ];
    const fake = fakeClient();
    const strategy = make();
    const request = {
      modelId: "bench-model",
      client: fake.client,
      signal: new AbortController().signal,
      attempt: 0,
    };
    let start = performance.now();
    await strategy.prepare({ ...request, messages });
    cold.push(performance.now() - start);
    calls = fake.calls();
    start = performance.now();
    await strategy.prepare({ ...request, messages: next });
    warm.push(performance.now() - start);
    warmCalls = fake.calls() - calls;
  }
  return { cold: median(cold), warm: median(warm), calls, warmCalls };
}

const pad = (text: string, width: number) => text.padEnd(width);
console.log(`context strategies: median of ${reps} (ms), cold / warm, and client calls (cold / warm)\n`);
console.log(pad("strategy", 32) + SIZES.map((size) => pad(`${size} messages`, 34)).join(""));
for (const [name, make] of Object.entries(strategies)) {
  const cells: string[] = [];
  for (const size of SIZES) {
    const { cold, warm, calls, warmCalls } = await measure(make, size);
    cells.push(pad(`${cold.toFixed(2)} / ${warm.toFixed(2)}  (${calls} / ${warmCalls} calls)`, 34));
  }
  console.log(pad(name, 32) + cells.join(""));
}
