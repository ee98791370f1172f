/**
 * The question of a `/research …` message (`"/research A weekend in Porto"` → `"A weekend in Porto"`; an
 * empty string for `/research` alone), or undefined for any other message. The page and the server both
 * read it: the page to expect a graph's answer, the server to run the graph.
 */
export function researchQuestionOf(message: string): string | undefined {
  const match = /^\/research(?:\s+([\s\S]*))?$/i.exec(message.trim());
  return match ? (match[1] ?? "").trim() : undefined;
}
