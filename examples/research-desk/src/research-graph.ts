import { agentNode, append, END, type Graph, graph, START } from "@lode/graph";
import { studio } from "@lode/studio";
import { z } from "zod";
import { Plan, Report, type ResearchAgents, Review } from "./research-agents.js";

/** The reviewer may send the report back this many times; then the graph ends with the last draft. */
export const MAX_REVISIONS = 1;

/** What one searcher found for its question. */
export const Finding = z.object({ question: z.string(), answer: z.string() });

/** The state every node reads and updates. */
export const ResearchState = z.object({
  topic: z.string().min(1),
  questions: z.array(z.string()).default([]),
  /** Each searcher adds its own finding (the `append` reducer): three branches, three findings. */
  findings: z.array(Finding).default([]),
  draft: Report.optional(),
  review: Review.optional(),
  /** Times the writer rewrote the draft after a review. */
  revisions: z.number().int().min(0).max(MAX_REVISIONS).default(0),
});
export type ResearchState = z.infer<typeof ResearchState>;

/**
 * The research desk: the planner splits the topic into three questions; a searcher branch per question,
 * in parallel; the writer drafts a report from the findings; the reviewer approves it or sends it back to
 * the writer, once at most.
 */
export function createResearchGraph(agents: ResearchAgents): Graph<ResearchState> {
  return graph({
    name: "research",
    state: ResearchState,
    reducers: { findings: append<z.infer<typeof Finding>>() },
    // plan, search, write, review, and one more write and review: 6. The bound is the route's; this is a net.
    maxSteps: 10,
    concurrency: 3,
    // Each node's status drawn live in Lode Studio when LODE_STUDIO_URL is set.
    instrumentation: studio(),
  })
    .node(
      "plan",
      agentNode(agents.planner, {
        input: (s) => `Topic: ${s.topic}`,
        output: Plan,
        update: (r) => ({ questions: r.output.questions }),
      }),
    )
    .node(
      "search",
      agentNode(agents.searcher, {
        input: (_s, question) => String(question),
        update: (r, _s, question) => ({ findings: [{ question: String(question), answer: r.text }] }),
      }),
    )
    .node(
      "write",
      agentNode(agents.writer, {
        input: writerInput,
        output: Report,
        // A draft written after a review is a revision.
        update: (r, s) => ({ draft: r.output, ...(s.review ? { revisions: s.revisions + 1 } : {}) }),
      }),
    )
    .node(
      "review",
      agentNode(agents.reviewer, {
        input: (s) =>
          `Findings:\n${listFindings(s)}\n\nReport to review:\n${JSON.stringify(s.draft, null, 2)}`,
        output: Review,
        update: (r) => ({ review: r.output }),
      }),
    )
    .edge(START, "plan")
    .fanOut("plan", "search", (s) => s.questions)
    .edge("search", "write")
    .edge("write", "review")
    .route("review", (s) => (s.review?.approved || s.revisions >= MAX_REVISIONS ? END : "write"), [
      "write",
      END,
    ])
    .build();
}

function writerInput(s: Readonly<ResearchState>): string {
  const brief = `Topic: ${s.topic}\n\nFindings:\n${listFindings(s)}`;
  if (!s.review || !s.draft) return `${brief}\n\nWrite the report.`;
  return `${brief}\n\nA reviewer sent your draft back: ${s.review.notes}\n\nYour draft:\n${JSON.stringify(s.draft, null, 2)}\n\nWrite the report again.`;
}

function listFindings(s: Readonly<ResearchState>): string {
  return s.findings
    .map((finding, index) => `${index + 1}. ${finding.question}\n   ${finding.answer}`)
    .join("\n");
}
