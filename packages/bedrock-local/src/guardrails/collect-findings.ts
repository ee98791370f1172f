import { detectPii } from "./detect-pii.js";
import { findPhrase, findRegExp, type TextMatch } from "./find-matches.js";
import type {
  GuardrailCustomWordFinding,
  GuardrailPiiFinding,
  GuardrailRegexFinding,
} from "./guardrail-assessment.js";
import type { GuardrailDefinition, SensitiveInformationAction } from "./guardrail-definition.js";

/** A match to replace with a placeholder when masking. */
export interface MaskSpan extends TextMatch {
  placeholder: string;
}

/** Everything a guardrail's filters found in the guarded texts, before any decision is made. */
export interface Findings {
  /** Names of the denied topics whose keywords appeared. */
  topics: Set<string>;
  words: GuardrailCustomWordFinding[];
  piiEntities: GuardrailPiiFinding[];
  regexes: GuardrailRegexFinding[];
  /** Per text (same order as the input), the spans its ANONYMIZE filters matched. */
  maskSpans: MaskSpan[][];
}

const REPORTED_ACTION = { BLOCK: "BLOCKED", ANONYMIZE: "ANONYMIZED" } as const;

/** Runs every filter of `definition` over the texts marked as guarded; unguarded texts are only carried along. */
export function collectFindings(
  definition: GuardrailDefinition,
  texts: readonly { text: string; guarded: boolean }[],
): Findings {
  const findings: Findings = { topics: new Set(), words: [], piiEntities: [], regexes: [], maskSpans: [] };
  const piiActions = new Map((definition.piiEntities ?? []).map((entity) => [entity.type, entity.action]));
  const regexes = (definition.regexes ?? []).map((filter) => ({
    filter,
    regExp: new RegExp(filter.pattern, "g"),
  }));

  for (const { text, guarded } of texts) {
    const spans: MaskSpan[] = [];
    findings.maskSpans.push(spans);
    if (!guarded) continue;
    for (const topic of definition.deniedTopics ?? []) {
      if (topic.keywords.some((keyword) => findPhrase(text, keyword).length > 0))
        findings.topics.add(topic.name);
    }
    for (const word of definition.words ?? []) {
      for (const found of findPhrase(text, word))
        findings.words.push({ match: found.match, action: "BLOCKED", detected: true });
    }
    for (const found of detectPii(text, [...piiActions.keys()])) {
      const action = piiActions.get(found.type) as SensitiveInformationAction;
      findings.piiEntities.push({
        match: found.match,
        type: found.type,
        action: REPORTED_ACTION[action],
        detected: true,
      });
      if (action === "ANONYMIZE") spans.push({ ...found, placeholder: `{${found.type}}` });
    }
    for (const { filter, regExp } of regexes) {
      for (const found of findRegExp(text, regExp)) {
        findings.regexes.push({
          name: filter.name,
          match: found.match,
          regex: filter.pattern,
          action: REPORTED_ACTION[filter.action],
          detected: true,
        });
        if (filter.action === "ANONYMIZE") spans.push({ ...found, placeholder: `{${filter.name}}` });
      }
    }
  }
  return findings;
}

/**
 * Replaces each span with its placeholder. Where spans overlap (a regex and a PII type matching the same
 * digits) the one starting first wins, so no character is masked twice.
 */
export function maskText(text: string, spans: readonly MaskSpan[]): string {
  const ordered = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  let masked = "";
  let cursor = 0;
  for (const span of ordered) {
    if (span.start < cursor) continue;
    masked += text.slice(cursor, span.start) + span.placeholder;
    cursor = span.end;
  }
  return masked + text.slice(cursor);
}
