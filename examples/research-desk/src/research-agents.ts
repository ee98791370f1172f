import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { Agent, type AnyTool } from "@lode/core";
import { studio } from "@lode/studio";
import { z } from "zod";
import { createSearchTool } from "./search-tool.js";

/** The planner's answer: the three questions the searchers take, one each. */
export const Plan = z.object({
  questions: z.array(z.string().min(1)).length(3).describe("three questions, each answerable on its own"),
});

/** The writer's answer. */
export const Report = z.object({
  title: z.string().min(1),
  body: z.string().min(1).describe("two or three short paragraphs, citing pages as [page-id]"),
  sources: z.array(z.string()).min(1).describe("the ids of every page the body cites"),
});

/** The reviewer's answer: approved, or what to change. */
export const Review = z.object({
  approved: z.boolean(),
  notes: z.string().describe("what the writer must change; empty when approved"),
});

/** The model each agent runs on: one per agent in the scripted demo, any you like on Bedrock. */
export interface ResearchModels {
  planner: string;
  searcher: string;
  writer: string;
  reviewer: string;
}

/** The desk's four agents. */
export interface ResearchAgents {
  planner: Agent;
  searcher: Agent;
  writer: Agent;
  reviewer: Agent;
}

/** Builds the agents. `search` replaces the searcher's tool (a test's, which waits for the others). */
export function createResearchAgents(options: {
  models: ResearchModels;
  client?: BedrockRuntimeClient;
  search?: AnyTool;
}): ResearchAgents {
  const { models } = options;
  // Every agent reports to Lode Studio when LODE_STUDIO_URL is set (`pnpm studio` prints it).
  const shared = { instrumentation: studio(), ...(options.client ? { client: options.client } : {}) };
  return {
    planner: new Agent({
      ...shared,
      name: "planner",
      modelId: models.planner,
      system:
        "You plan research. Split the topic into exactly three questions that can be researched separately.",
    }),
    searcher: new Agent({
      ...shared,
      name: "searcher",
      modelId: models.searcher,
      system:
        "You answer one question from the research corpus only. Search it first, then answer in one or two sentences, citing each page you used as [page-id].",
      tools: [options.search ?? createSearchTool()],
      maxSteps: 4,
    }),
    writer: new Agent({
      ...shared,
      name: "writer",
      modelId: models.writer,
      system:
        "You write short research reports from the findings you are given, citing pages as [page-id]. Never add facts the findings do not have.",
    }),
    reviewer: new Agent({
      ...shared,
      name: "reviewer",
      modelId: models.reviewer,
      system:
        "You review research reports. Approve a report only when every claim is backed by the findings and every page it cites is in its sources.",
    }),
  };
}
