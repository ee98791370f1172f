import { stringifyAgentEvent, stringifyWithBytes } from "@lode/core";
import type { Report } from "../protocol/reports.js";

/**
 * A report as JSON, made as it is queued: the request or message it holds is copied as it is now, not as
 * the run changes it later. An event goes through core's own event JSON (a `run-error`'s error as
 * `{ name, message, code }`, a guardrail's findings without the text they matched); bytes as `{ "$bytes" }`.
 */
export function reportJson(report: Report): string {
  if (report.kind !== "event") return stringifyWithBytes(report);
  return `{"kind":"event","at":${report.at},"event":${stringifyAgentEvent(report.event)}}`;
}
