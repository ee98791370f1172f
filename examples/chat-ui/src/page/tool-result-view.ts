import type { ToolResultContentBlock } from "@aws-sdk/client-bedrock-runtime";
import { el } from "./dom.js";
import { describeToolResult, formatCount, type ToolResultPart } from "./format.js";

/**
 * Fills `container` with a tool result as people read it: a JSON object as a key/value list (its raw JSON
 * one click away), text as text, long text collapsed behind "Show all".
 */
export function renderToolResult(container: HTMLElement, content: readonly ToolResultContentBlock[]): void {
  container.replaceChildren(...describeToolResult(content).map(renderPart));
}

function renderPart(part: ToolResultPart): HTMLElement {
  if (part.kind === "fields") {
    const list = el("dl", { class: "tool-fields", testid: "tool-fields" });
    for (const field of part.fields) {
      list.append(
        el("dt", {}, field.key),
        el("dd", field.value === field.full ? {} : { title: field.full }, field.value || "\u00a0"),
      );
    }
    return el(
      "div",
      { class: "tool-part" },
      list,
      part.hidden > 0 && el("p", { class: "tool-more-fields" }, `and ${formatCount(part.hidden)} more`),
      el(
        "details",
        { class: "tool-raw", testid: "tool-raw" },
        el("summary", { class: "tool-raw-toggle" }, "Raw JSON"),
        el("pre", { class: "tool-raw-json" }, part.raw),
      ),
    );
  }
  const text = el("p", { class: "tool-text", testid: "tool-text" }, part.text);
  if (!part.long) return el("div", { class: "tool-part" }, text);
  text.dataset.collapsed = "true";
  const toggle = el("button", { type: "button", class: "tool-toggle", testid: "tool-toggle" });
  const label = () => {
    toggle.textContent =
      text.dataset.collapsed === "true"
        ? `Show all (${formatCount(part.text.length)} characters)`
        : "Show less";
  };
  label();
  toggle.addEventListener("click", () => {
    text.dataset.collapsed = String(text.dataset.collapsed !== "true");
    label();
  });
  return el("div", { class: "tool-part" }, text, toggle);
}
