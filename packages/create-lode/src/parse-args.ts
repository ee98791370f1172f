import { parseArgs } from "node:util";
import { CreateLodeError } from "./create-lode-error.js";
import { isTemplateName, TEMPLATES, type TemplateName } from "./templates.js";

/** What the command line asked for. */
export interface CliArgs {
  /** The project's folder, as given (relative to the working directory); undefined when not given. */
  directory?: string;
  /** The template named with `--template`; undefined when not given. */
  template?: TemplateName;
  /** `--packages DIR`: a folder of Lode's packed tarballs to depend on instead of the published versions. */
  packages?: string;
  help: boolean;
}

export const USAGE = `Usage: npm create lode@latest [directory] -- [options]
       create-lode [directory] [options]

Creates a TypeScript project with a Lode agent in [directory] (default: my-agent).

Options:
  --template <name>  ${TEMPLATES.map((template) => template.name).join(" | ")} (asked on a terminal; default: agent)
${TEMPLATES.map((template) => `                       ${template.name}: ${template.description}`).join("\n")}
  --packages <dir>   depend on the Lode tarballs in <dir> (lode-core-0.1.0.tgz, ...) instead of the
                     published packages
  -h, --help         print this help
`;

/** Reads the command line; a wrong one throws a `CreateLodeError` saying what is wrong. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  let parsed: ReturnType<typeof parseWith>;
  try {
    parsed = parseWith(argv);
  } catch (error) {
    // node:util's messages are one line already ("Unknown option '--x'. …"); keep the first sentence.
    const message = error instanceof Error ? error.message.split(". ")[0] : String(error);
    throw new CreateLodeError(`${message}. See create-lode --help.`);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1)
    throw new CreateLodeError(
      `Give one project folder, not ${positionals.length}: ${positionals.join(" ")}. See create-lode --help.`,
    );
  const template = values.template;
  if (template !== undefined && !isTemplateName(template))
    throw new CreateLodeError(
      `Unknown template "${template}": choose one of ${TEMPLATES.map((known) => known.name).join(", ")}.`,
    );
  if (values.packages === "") throw new CreateLodeError("--packages needs a folder.");
  return {
    help: values.help ?? false,
    ...(positionals[0] !== undefined ? { directory: positionals[0] } : {}),
    ...(template !== undefined ? { template } : {}),
    ...(values.packages !== undefined ? { packages: values.packages } : {}),
  };
}

function parseWith(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      template: { type: "string", short: "t" },
      packages: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}
