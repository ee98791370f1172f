import type { ConverseStreamRequest } from "@aws-sdk/client-bedrock-runtime";
import { el } from "./dom.js";
import { jsonBlock } from "./json-view.js";

/** The parts of a request shown on their own; everything else is an inference setting. */
const OWN_SECTIONS = new Set(["modelId", "system", "messages", "toolConfig", "guardrailConfig"]);

/**
 * The exact request the step sent to Bedrock: system, messages, toolConfig, the cache points found in them,
 * the guardrail config and the inference settings, each collapsible JSON with a copy button.
 */
export function renderRequest(request: ConverseStreamRequest | undefined): HTMLElement {
  const box = el("section", { class: "detail-section", testid: "step-request" }, el("h3", {}, "Request"));
  if (!request) {
    box.append(el("p", { class: "empty-note" }, "Not captured (content capture is off)."));
    return box;
  }
  const points = cachePoints(request);
  const summary = el("p", { class: "request-summary" });
  summary.append(
    el("span", {}, `model ${request.modelId ?? "–"}`),
    el("span", {}, counted(request.messages?.length ?? 0, "message")),
    el(
      "span",
      {},
      counted((request.toolConfig?.tools ?? []).filter((tool) => "toolSpec" in tool).length, "tool"),
    ),
    el("span", { testid: "cache-point-count" }, counted(points.length, "cache point")),
  );
  box.append(summary);
  if (request.system)
    box.append(jsonBlock("system", request.system, { open: true, props: { testid: "request-system" } }));
  if (request.messages)
    box.append(
      jsonBlock("messages", request.messages, { open: true, props: { testid: "request-messages" } }),
    );
  if (request.toolConfig)
    box.append(jsonBlock("toolConfig", request.toolConfig, { props: { testid: "request-tool-config" } }));
  if (points.length) {
    const list = el("ul", { class: "cache-points", testid: "cache-points" });
    for (const point of points)
      list.append(el("li", {}, el("code", {}, point.where), point.ttl ? ` · ttl ${point.ttl}` : ""));
    box.append(el("div", { class: "subsection" }, el("h4", {}, "Cache points"), list));
  }
  if (request.guardrailConfig)
    box.append(
      jsonBlock("guardrailConfig", request.guardrailConfig, {
        props: { testid: "request-guardrail-config" },
      }),
    );
  const settings = Object.fromEntries(Object.entries(request).filter(([key]) => !OWN_SECTIONS.has(key)));
  if (Object.keys(settings).length)
    box.append(
      jsonBlock("inference settings", settings, { open: true, props: { testid: "request-settings" } }),
    );
  box.append(jsonBlock("whole request", request, { props: { testid: "request-json" } }));
  return box;
}

/** Where the request's `cachePoint` blocks are (`system[1]`, `messages[3].content[2]`, `toolConfig.tools[4]`). */
export function cachePoints(request: ConverseStreamRequest): { where: string; ttl?: string }[] {
  const found: { where: string; ttl?: string }[] = [];
  const visit = (blocks: readonly object[] | undefined, where: string) => {
    blocks?.forEach((block, index) => {
      if ("cachePoint" in block && block.cachePoint) {
        const point = block.cachePoint as { ttl?: unknown };
        found.push({
          where: `${where}[${index}]`,
          ttl: typeof point.ttl === "string" ? point.ttl : undefined,
        });
      }
    });
  };
  visit(request.system, "system");
  for (const [index, message] of (request.messages ?? []).entries())
    visit(message.content, `messages[${index}].content`);
  visit(request.toolConfig?.tools, "toolConfig.tools");
  return found;
}

const counted = (count: number, noun: string) => `${count} ${noun}${count === 1 ? "" : "s"}`;
