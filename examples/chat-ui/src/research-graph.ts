import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { Agent } from "@lode/core";
import { agentNode, append, END, type Graph, graph, START } from "@lode/graph";
import { z } from "zod";

/** What the planner gives each searcher, one branch per topic. */
export const RESEARCH_TOPICS = ["weather", "sights", "food"] as const;

/** The agents of the research graph, by role: each has its own model in the scripted demo. */
export type ResearchRole = "searcher" | "summary";

const Finding = z.object({ topic: z.string(), text: z.string() });

/** The state the graph's nodes read and update. */
export const TripResearchState = z.object({
  /** The trip to research, as the person wrote it after `/research`. */
  question: z.string().min(1),
  topics: z.array(z.string()).default([]),
  /** Each searcher adds its finding (the `append` reducer): one per branch. */
  findings: z.array(Finding).default([]),
  summary: z.string().default(""),
});
export type TripResearchState = z.infer<typeof TripResearchState>;

/** What the research graph needs: a model per role and the client its agents talk through. */
export interface ResearchGraphOptions {
  modelIdFor: (role: ResearchRole) => string;
  client: BedrockRuntimeClient | undefined;
}

/**
 * The trip research graph: a planner (a function) picks the topics; a searcher agent per topic, in
 * parallel; a summary agent writes the answer from their findings.
 */
export function createResearchGraph({ modelIdFor, client }: ResearchGraphOptions): Graph<TripResearchState> {
  const shared = client ? { client } : {};
  const searcher = new Agent({
    ...shared,
    name: "searcher",
    modelId: modelIdFor("searcher"),
    system: "You research one topic of a trip. Answer in two or three plain sentences, no lists.",
  });
  const summarizer = new Agent({
    ...shared,
    name: "summarizer",
    modelId: modelIdFor("summary"),
    system: "You turn a trip's research notes into one short, friendly recommendation.",
  });
  return graph({
    name: "research",
    state: TripResearchState,
    reducers: { findings: append<z.infer<typeof Finding>>() },
    maxSteps: 5,
    concurrency: RESEARCH_TOPICS.length,
  })
    .node("plan", (state) => ({ topics: planTopics(state.question) }))
    .node(
      "search",
      agentNode(searcher, {
        input: (s, topic) => searchRequest(String(topic), s.question),
        update: (r, _s, topic) => ({ findings: [{ topic: String(topic), text: r.text }] }),
      }),
    )
    .node(
      "summarize",
      agentNode(summarizer, {
        input: (s) =>
          `Trip: ${s.question}\n\nNotes:\n${s.findings.map((f) => `- ${f.topic}: ${f.text}`).join("\n")}`,
        update: (r) => ({ summary: r.text }),
      }),
    )
    .edge(START, "plan")
    .fanOut("plan", "search", (s) => s.topics)
    .edge("search", "summarize")
    .edge("summarize", END)
    .build();
}

/** The searcher's request for one topic; the demo's client reads the topic back from its first words. */
export function searchRequest(topic: string, question: string): string {
  return `Research ${topic} for this trip: ${question}`;
}

/** The topics worth a search: those the question names, or all of them when it names none. */
export function planTopics(question: string): string[] {
  const named = RESEARCH_TOPICS.filter((topic) => new RegExp(`\\b${topic}\\b`, "i").test(question));
  return named.length > 0 ? named : [...RESEARCH_TOPICS];
}
