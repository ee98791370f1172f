import { validationError } from "../http/aws-error.js";
import {
  type ConstraintViolation,
  enumViolation,
  throwIfViolations,
} from "../validation/constraint-violations.js";
import { ASYNC_INVOKE_STATUSES, type AsyncInvokeStatus } from "./async-invoke-job.js";

/** A ListAsyncInvokes request's query, checked and with AWS's defaults filled in. */
export interface ListQuery {
  submitTimeAfter?: Date;
  submitTimeBefore?: Date;
  statusEquals?: AsyncInvokeStatus;
  sortOrder: "Ascending" | "Descending";
  maxResults: number;
  nextToken?: string;
}

/** AWS documents no default page size; bedrock-local returns up to the largest page AWS allows. */
export const DEFAULT_MAX_RESULTS = 1000;

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/i;

/** Reads ListAsyncInvokes' query parameters, reporting every broken constraint at once as AWS does. */
export function parseListQuery(query: URLSearchParams): ListQuery {
  const violations: ConstraintViolation[] = [];
  const submitTimeAfter = readTime(query, "submitTimeAfter");
  const submitTimeBefore = readTime(query, "submitTimeBefore");

  const status = query.get("statusEquals") ?? undefined;
  if (status !== undefined && !ASYNC_INVOKE_STATUSES.includes(status as AsyncInvokeStatus))
    violations.push(...enumViolation(status, "statusEquals", ASYNC_INVOKE_STATUSES));

  const sortBy = query.get("sortBy") ?? undefined;
  if (sortBy !== undefined && sortBy !== "SubmissionTime")
    violations.push(...enumViolation(sortBy, "sortBy", ["SubmissionTime"]));

  const sortOrder = query.get("sortOrder") ?? "Descending";
  if (sortOrder !== "Ascending" && sortOrder !== "Descending")
    violations.push(...enumViolation(sortOrder, "sortOrder", ["Ascending", "Descending"]));

  const maxResults = readMaxResults(query, violations);

  const nextToken = query.get("nextToken") ?? undefined;
  if (nextToken !== undefined) {
    if (nextToken.length < 1 || nextToken.length > 2048 || /\s/.test(nextToken))
      violations.push({
        path: "nextToken",
        value: nextToken,
        constraint:
          nextToken.length > 2048
            ? "Member must have length less than or equal to 2048"
            : nextToken.length < 1
              ? "Member must have length greater than or equal to 1"
              : "Member must satisfy regular expression pattern: \\S*",
      });
  }
  throwIfViolations(violations);
  return {
    ...(submitTimeAfter ? { submitTimeAfter } : {}),
    ...(submitTimeBefore ? { submitTimeBefore } : {}),
    ...(status !== undefined ? { statusEquals: status as AsyncInvokeStatus } : {}),
    sortOrder: sortOrder as ListQuery["sortOrder"],
    maxResults,
    ...(nextToken !== undefined ? { nextToken } : {}),
  };
}

/** A timestamp in the query: the SDKs send ISO 8601 date-times; anything else cannot be read. */
function readTime(query: URLSearchParams, name: string): Date | undefined {
  const value = query.get(name);
  if (value === null) return undefined;
  const time = ISO_DATE_TIME.test(value) ? new Date(value) : undefined;
  if (!time || Number.isNaN(time.getTime()))
    throw validationError(`The value '${value}' of '${name}' is not an ISO 8601 date-time.`);
  return time;
}

function readMaxResults(query: URLSearchParams, violations: ConstraintViolation[]): number {
  const raw = query.get("maxResults");
  if (raw === null) return DEFAULT_MAX_RESULTS;
  if (!/^-?\d+$/.test(raw)) throw validationError(`The value '${raw}' of 'maxResults' is not an integer.`);
  const value = Number(raw);
  if (value < 1)
    violations.push({
      path: "maxResults",
      value: raw,
      constraint: "Member must have value greater than or equal to 1",
    });
  if (value > 1000)
    violations.push({
      path: "maxResults",
      value: raw,
      constraint: "Member must have value less than or equal to 1000",
    });
  return value;
}
