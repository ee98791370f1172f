import type { AsyncInvokeJob } from "./async-invoke-job.js";
import type { ListQuery } from "./list-query.js";
import type { PageCursor, PageTokens } from "./page-token.js";

/** One page of ListAsyncInvokes. */
export interface JobPage {
  jobs: AsyncInvokeJob[];
  nextToken?: string;
}

/**
 * The page `query` asks for. Pages continue after the last job of the previous page (by submit time, then
 * submission order), not at an offset, so jobs submitted or ended while a client pages neither repeat nor
 * push others out of the listing.
 */
export function listJobs(all: readonly AsyncInvokeJob[], query: ListQuery, tokens: PageTokens): JobPage {
  const queryKey = JSON.stringify([
    query.submitTimeAfter?.getTime() ?? null,
    query.submitTimeBefore?.getTime() ?? null,
    query.statusEquals ?? null,
    query.sortOrder,
  ]);
  const direction = query.sortOrder === "Ascending" ? 1 : -1;
  const cursor = query.nextToken === undefined ? undefined : tokens.decode(query.nextToken, queryKey);
  const matching = all
    .filter((job) => matches(job, query))
    .filter((job) => !cursor || compare(positionOf(job), cursor) * direction > 0)
    .sort((a, b) => compare(positionOf(a), positionOf(b)) * direction);
  const jobs = matching.slice(0, query.maxResults);
  const last = jobs.at(-1);
  return matching.length > jobs.length && last
    ? { jobs, nextToken: tokens.encode(queryKey, positionOf(last)) }
    : { jobs };
}

function matches(job: AsyncInvokeJob, query: ListQuery): boolean {
  const submitted = job.submitTime.getTime();
  if (query.submitTimeAfter && !(submitted > query.submitTimeAfter.getTime())) return false;
  if (query.submitTimeBefore && !(submitted < query.submitTimeBefore.getTime())) return false;
  return !query.statusEquals || job.status === query.statusEquals;
}

function positionOf(job: AsyncInvokeJob): PageCursor {
  return { submitTimeMs: job.submitTime.getTime(), sequence: job.sequence };
}

function compare(a: PageCursor, b: PageCursor): number {
  return a.submitTimeMs - b.submitTimeMs || a.sequence - b.sequence;
}
