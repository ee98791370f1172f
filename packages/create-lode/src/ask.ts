import { createInterface } from "node:readline";
import { DEFAULT_TEMPLATE, isTemplateName, TEMPLATES, type TemplateName } from "./templates.js";

/**
 * Asks on the terminal which template to use (by number or name; Enter takes the default). Resolves to
 * undefined when the input ends first (Ctrl-D).
 */
export async function askTemplate(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
): Promise<TemplateName | undefined> {
  const rl = createInterface({ input, output, terminal: false });
  const prompt = `Template (1-${TEMPLATES.length}, default ${DEFAULT_TEMPLATE}): `;
  output.write("Which project?\n");
  TEMPLATES.forEach((template, index) => {
    output.write(`  ${index + 1}. ${template.name}: ${template.description}\n`);
  });
  output.write(prompt);
  try {
    // The line iterator keeps lines that arrive before they are read (a paste, a pipe).
    for await (const line of rl) {
      const choice = line.trim().toLowerCase();
      if (choice === "") return DEFAULT_TEMPLATE;
      const byNumber = /^\d+$/.test(choice) ? TEMPLATES[Number(choice) - 1] : undefined;
      if (byNumber) return byNumber.name;
      if (isTemplateName(choice)) return choice;
      output.write(`"${choice}" is none of them.\n${prompt}`);
    }
    return undefined;
  } finally {
    rl.close();
  }
}
