import type { Part } from "@a2a-js/sdk";

/** The remote's answer as its artifacts build it: each artifact's text as it stands, and the last data part. */
export interface ArtifactAnswer {
  /** By artifact id: its text now (after appends and replacements), and all of it ever streamed. */
  texts: Map<string, { text: string; shown: string }>;
  data: unknown;
}

export function newArtifactAnswer(): ArtifactAnswer {
  return { texts: new Map(), data: undefined };
}

/**
 * Takes one artifact update into the answer and returns the text to stream. `append` adds to the
 * artifact; otherwise the update replaces it (A2A's default), and only what was not shown yet streams: a
 * continuation's new end, nothing for a repeat of what streamed (a last chunk carrying the whole answer).
 */
export function takeArtifact(
  answer: ArtifactAnswer,
  artifactId: string,
  parts: readonly Part[],
  append: boolean,
): string {
  for (const part of parts) if (part.content?.$case === "data") answer.data = part.content.value;
  const text = textOfParts(parts);
  const current = answer.texts.get(artifactId) ?? { text: "", shown: "" };
  let fresh: string;
  if (append) {
    current.text += text;
    fresh = text;
  } else {
    fresh = current.shown.includes(text)
      ? ""
      : text.startsWith(current.text)
        ? text.slice(current.text.length)
        : text;
    current.text = text;
  }
  current.shown += fresh;
  answer.texts.set(artifactId, current);
  return fresh;
}

/** The answer's text: its artifacts' texts as they stand, in the order they came. */
export function answerText(answer: ArtifactAnswer): string {
  return [...answer.texts.values()]
    .map(({ text }) => text)
    .filter((text) => text !== "")
    .join("\n\n");
}

export function textOfParts(parts: readonly Part[]): string {
  return parts.map((part) => (part.content?.$case === "text" ? part.content.value : "")).join("");
}
