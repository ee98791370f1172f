import type { CitationsDelta } from "@aws-sdk/client-bedrock-runtime";
import { el } from "./dom.js";
import { citationKey, describeCitation } from "./format.js";

/** A turn's citations as numbered footnotes; identical citations share one number. */
export interface TurnFootnotes {
  readonly element: HTMLElement;
  /** The citation's footnote number, adding the footnote the first time it is cited. */
  numberFor(citation: CitationsDelta): number;
}

export function createTurnFootnotes(): TurnFootnotes {
  const element = el("ol", { class: "footnotes", testid: "citations", hidden: "" });
  const numbers = new Map<string, number>();
  return {
    element,
    numberFor(citation) {
      const key = citationKey(citation);
      const known = numbers.get(key);
      if (known !== undefined) return known;
      const number = numbers.size + 1;
      numbers.set(key, number);
      const { label, quote, url } = describeCitation(citation);
      element.append(
        el(
          "li",
          { testid: "citation" },
          url
            ? el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, label)
            : el("strong", {}, label),
          quote ? el("q", {}, quote) : null,
        ),
      );
      element.hidden = false;
      return number;
    },
  };
}
