import { defineTool } from "@lode/tools";
import { z } from "zod";

/** A page of the corpus the searcher reads: made up, in memory, so the demo needs no search service. */
export interface CorpusPage {
  id: string;
  title: string;
  text: string;
}

export const CORPUS: readonly CorpusPage[] = [
  {
    id: "winter-cluster",
    title: "The winter cluster",
    text: "Below about 14 °C honeybees gather in a tight cluster around the queen. Workers in the core shiver their flight muscles without moving their wings, keeping the centre near 35 °C; the outer shell of bees insulates it, and bees take turns on the outside.",
  },
  {
    id: "honey-stores",
    title: "Honey stores for winter",
    text: "A colony eats its stored honey in winter: a strong colony in a cold climate needs 20 to 30 kg. The cluster moves slowly across the combs to reach it; in a long cold spell it can starve a few centimetres from food it cannot reach.",
  },
  {
    id: "winter-bees",
    title: "Winter bees",
    text: "Workers raised in late summer live four to six months instead of six weeks: they have larger fat bodies and store protein, which lets them feed the first brood in late winter.",
  },
  {
    id: "varroa-mites",
    title: "Varroa mites and winter losses",
    text: "Varroa mites feed on bees and spread deformed wing virus. A colony with many mites in autumn raises short-lived, sick winter bees, and is the likeliest to die before spring; beekeepers count mites and treat in late summer.",
  },
  {
    id: "moisture",
    title: "Moisture in the hive",
    text: "The cluster breathes out water vapour. When it condenses under a cold roof and drips on the bees it can kill the colony; ventilation and an insulated roof keep the hive dry.",
  },
];

/** The pages that share the most words (of four letters or more) with `query`, best first: at most `limit`. */
export function searchCorpus(query: string, limit = 2): CorpusPage[] {
  const words = query
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length >= 4);
  return CORPUS.map((page) => {
    const haystack = `${page.title} ${page.text}`.toLowerCase();
    return { page, score: words.filter((word) => haystack.includes(word)).length };
  })
    .filter(({ score }) => score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map(({ page }) => page);
}

/**
 * The searcher's `search` tool over the corpus. `beforeSearch` runs as each call starts (a test waits
 * there until the three searches are all running).
 */
export function createSearchTool(options: { beforeSearch?: (query: string) => Promise<unknown> } = {}) {
  return defineTool({
    name: "search",
    description:
      "Searches the research corpus; returns up to two pages (id, title, text) that best match the query.",
    input: z.object({ query: z.string().min(1).describe("a few keywords") }),
    idempotent: true,
    run: async ({ query }) => {
      await options.beforeSearch?.(query);
      return { query, hits: searchCorpus(query) };
    },
  });
}
