import { button, el, type Props } from "./dom.js";
import { formatJson } from "./format.js";

/** A titled, collapsible block of JSON with a copy button; `open` starts it expanded. */
export function jsonBlock(
  title: string,
  value: unknown,
  options: { open?: boolean; props?: Props } = {},
): HTMLElement {
  const text = formatJson(value);
  const pre = el("pre", { class: "json", testid: "json" }, text);
  const details = el("details", { class: "json-block", ...options.props });
  const copy = button(
    "Copy",
    (event) => {
      event.preventDefault();
      void navigator.clipboard?.writeText(text).then(
        () => flash(copy, "Copied"),
        () => flash(copy, "Copy failed"),
      );
    },
    { class: "ghost small", testid: "copy-json", "aria-label": `Copy ${title} as JSON` },
  );
  const summary = el(
    "summary",
    {},
    el("span", { class: "json-title" }, title),
    el("span", { class: "json-size" }, sizeOf(value)),
    copy,
  );
  details.append(summary, pre);
  details.open = options.open === true;
  return details;
}

function flash(target: HTMLButtonElement, label: string): void {
  const before = target.textContent;
  target.textContent = label;
  setTimeout(() => {
    target.textContent = before;
  }, 1200);
}

/** What a JSON value holds, at a glance: `3 items`, `5 keys`, `120 chars`. */
function sizeOf(value: unknown): string {
  if (Array.isArray(value)) return `${value.length} item${value.length === 1 ? "" : "s"}`;
  if (value && typeof value === "object") {
    const keys = Object.keys(value).length;
    return `${keys} key${keys === 1 ? "" : "s"}`;
  }
  if (typeof value === "string") return `${value.length} chars`;
  return "";
}
