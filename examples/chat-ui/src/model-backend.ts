import { fileURLToPath } from "node:url";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { type Script, startBedrockLocal } from "@lode/bedrock-local";
import { RESEARCH_TOPICS, type ResearchRole } from "./research-graph.js";

/** Where the agent's model calls go. */
export interface ModelBackend {
  kind: "bedrock-local" | "bedrock";
  modelId: string;
  /** The billing agent's model: `modelId`, except in the scripted demo, where billing has a script of its own. */
  billingModelId: string;
  /** Undefined for real Bedrock: the agent builds its own client from the environment. */
  client: BedrockRuntimeClient | undefined;
  /** One line for people: which backend, and how to switch. */
  description: string;
  /** The research graph's agents' models: `modelId`, except in the scripted demo (a script per role). */
  researchModelIdFor(role: ResearchRole): string;
  /** Questions that fit the scripted conversation (empty for a real model). */
  suggestions: string[];
  /**
   * The model a session's first message goes to (the session keeps it): `modelId`, except in the scripted
   * demo, whose booking and billing conversations are scripts of their own.
   */
  modelIdFor(firstMessage: string): string;
  close(): Promise<void>;
}

const DEMO_SCRIPT = fileURLToPath(new URL("./demo.script.json", import.meta.url));
const LOCAL_MODEL_ID = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
/** The demo script's second model: a booking that waits for the person's approval. */
const DEMO_BOOKING_MODEL_ID = "lode-demo-booking";
/** The concierge's model in the demo's billing conversation: it hands the conversation to billing. */
const DEMO_DESK_MODEL_ID = "lode-demo-desk";
/** The billing agent's model in the demo. */
const DEMO_BILLING_MODEL_ID = "lode-demo-billing";

/** The research graph's searcher in the demo: each request goes on to its topic's script (see below). */
const DEMO_SEARCHER_MODEL_ID = "lode-demo-research-searcher";
const DEMO_SUMMARY_MODEL_ID = "lode-demo-research-summary";

/**
 * The questions the demo script answers: the weather conversation in order, the booking, the billing desk,
 * the research graph.
 */
export const DEMO_SUGGESTIONS = [
  "What's the weather in Lisbon and Oslo?",
  "Which one is better for a walking tour, in °F too?",
  "Book me 3 nights in Lisbon.",
  "Why was I charged twice for Lisbon?",
  "/research A long weekend in Lisbon",
];

/** The scripted demo's conversation for a session's first message: billing, booking, or the weather. */
function demoModelIdFor(firstMessage: string): string {
  if (/\b(charge|charged|refund|invoice|bill|billing)\b/i.test(firstMessage)) return DEMO_DESK_MODEL_ID;
  return /\bbook/i.test(firstMessage) ? DEMO_BOOKING_MODEL_ID : LOCAL_MODEL_ID;
}

/** Real Bedrock when credentials and a model id are configured; bedrock-local otherwise. */
export function wantsRealBedrock(env: NodeJS.ProcessEnv = process.env): boolean {
  const hasCredentials = Boolean(env.AWS_ACCESS_KEY_ID || env.AWS_PROFILE || env.AWS_WEB_IDENTITY_TOKEN_FILE);
  return hasCredentials && Boolean(env.LODE_MODEL_ID);
}

/** Which backend to use: `"auto"` picks Amazon Bedrock when it is configured, else bedrock-local. */
export type BackendChoice = "auto" | "bedrock-local";

/**
 * Opens the backend: bedrock-local serving `script` when one is given (tests), when `choice` asks for
 * it, or when real Bedrock is not configured (the scripted demo); else Amazon Bedrock with `LODE_MODEL_ID`.
 */
export async function openModelBackend(
  choice: BackendChoice = "auto",
  script?: Script | string,
): Promise<ModelBackend> {
  if (choice === "auto" && script === undefined && wantsRealBedrock()) {
    const modelId = process.env.LODE_MODEL_ID as string;
    return {
      kind: "bedrock",
      modelId,
      billingModelId: modelId,
      client: undefined,
      researchModelIdFor: () => modelId,
      description: `Amazon Bedrock · ${modelId}`,
      suggestions: [],
      modelIdFor: () => modelId,
      close: async () => {},
    };
  }
  const local = await startBedrockLocal({ script: script ?? DEMO_SCRIPT });
  const client = withScriptedSearches(new BedrockRuntimeClient({ ...local.clientConfig, maxAttempts: 1 }));
  return {
    kind: "bedrock-local",
    modelId: LOCAL_MODEL_ID,
    billingModelId: DEMO_BILLING_MODEL_ID,
    client,
    researchModelIdFor: (role) =>
      script !== undefined
        ? LOCAL_MODEL_ID
        : role === "searcher"
          ? DEMO_SEARCHER_MODEL_ID
          : DEMO_SUMMARY_MODEL_ID,
    description: "bedrock-local · scripted demo (set AWS credentials and LODE_MODEL_ID for Amazon Bedrock)",
    suggestions: script === undefined ? DEMO_SUGGESTIONS : [],
    // A test's own script answers every message; the demo's sends a first message about booking or billing
    // to that conversation.
    modelIdFor: (firstMessage) => (script === undefined ? demoModelIdFor(firstMessage) : LOCAL_MODEL_ID),
    close: async () => {
      client.destroy();
      await local.close();
    },
  };
}

/**
 * The demo's searchers run in parallel, one agent with one model: a script answers requests in the order
 * they come, which parallel branches do not keep. So each searcher request goes to its topic's own scripted
 * model (`lode-demo-research-weather`, …), named by the request's first words ("Research weather for …").
 */
function withScriptedSearches(client: BedrockRuntimeClient): BedrockRuntimeClient {
  client.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { modelId?: string; messages?: { content?: { text?: string }[] }[] };
      if (input.modelId !== DEMO_SEARCHER_MODEL_ID) return next(args);
      const topic = /^Research (\w+)/.exec(input.messages?.[0]?.content?.[0]?.text ?? "")?.[1];
      if (!topic || !(RESEARCH_TOPICS as readonly string[]).includes(topic)) return next(args);
      return next({ ...args, input: { ...input, modelId: `lode-demo-research-${topic}` } });
    },
    { step: "initialize", name: "lodeDemoScriptedSearches" },
  );
  return client;
}
