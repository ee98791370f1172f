import { fileURLToPath } from "node:url";

/** The projects create-lode makes, in the order the prompt lists them. */
export const TEMPLATES = [
  { name: "agent", description: "an agent with two zod tools, streamed to the terminal" },
  { name: "chat", description: "a chat page streaming the agent over Server-Sent Events" },
  { name: "durable", description: "the agent run by a durable worker on Redis (BullMQ)" },
] as const;

export type TemplateName = (typeof TEMPLATES)[number]["name"];

/** The template used when none is named and there is no one to ask. */
export const DEFAULT_TEMPLATE: TemplateName = "agent";

export function isTemplateName(value: string): value is TemplateName {
  return TEMPLATES.some((template) => template.name === value);
}

/** The folder holding the templates' files: `templates/` beside `src/` and `dist/` in the package. */
export const TEMPLATES_DIR = fileURLToPath(new URL("../templates/", import.meta.url));
