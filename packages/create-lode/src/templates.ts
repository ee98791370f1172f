import { fileURLToPath } from "node:url";

/** The projects create-lode makes, in the order the prompt lists them; `needs` is said after the commands. */
export const TEMPLATES: readonly { name: TemplateName; description: string; needs?: string }[] = [
  { name: "agent", description: "an agent with two zod tools, streamed to the terminal" },
  { name: "chat", description: "a chat page streaming the agent over Server-Sent Events" },
  {
    name: "durable",
    description: "the agent run by a durable worker on Redis (BullMQ)",
    needs: "Both need Redis: REDIS_URL, default redis://127.0.0.1:6379.",
  },
];

export type TemplateName = "agent" | "chat" | "durable";

/** The template used when none is named and there is no one to ask. */
export const DEFAULT_TEMPLATE: TemplateName = "agent";

export function isTemplateName(value: string): value is TemplateName {
  return TEMPLATES.some((template) => template.name === value);
}

/** The folder holding the templates' files: `templates/` beside `src/` and `dist/` in the package. */
export const TEMPLATES_DIR = fileURLToPath(new URL("../templates/", import.meta.url));
