import { relative } from "node:path";
import { askTemplate } from "./ask.js";
import { CreateLodeError } from "./create-lode-error.js";
import { parseCliArgs, USAGE } from "./parse-args.js";
import { checkProjectDirectory, scaffoldProject } from "./scaffold.js";
import { DEFAULT_TEMPLATE, TEMPLATES } from "./templates.js";

/** Where the CLI reads and writes; tests pass their own. */
export interface CliIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Whether a person is there to answer a question. */
  interactive: boolean;
  cwd: string;
  /** The package manager that ran create-lode (`npm_config_user_agent`), for the next steps it prints. */
  userAgent: string | undefined;
}

const DEFAULT_DIRECTORY = "my-agent";

/** `create-lode [directory] [--template name] [--packages dir]`: resolves to the process's exit code. */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  try {
    const args = parseCliArgs(argv);
    if (args.help) {
      io.stdout.write(USAGE);
      return 0;
    }
    const directory = args.directory ?? DEFAULT_DIRECTORY;
    // Before asking anything: a folder that cannot be used is said at once.
    checkProjectDirectory(directory, io.cwd);
    const template =
      args.template ??
      (io.interactive ? await askTemplate(io.stdin, io.stdout) : DEFAULT_TEMPLATE) ??
      fail("No template chosen; nothing was written.");
    const plan = scaffoldProject({
      directory,
      template,
      cwd: io.cwd,
      ...(args.packages !== undefined ? { packages: args.packages } : {}),
    });
    const pm = packageManager(io.userAgent);
    const cd = relative(io.cwd, plan.directory) || ".";
    io.stdout.write(
      [
        `Created ${plan.name} (the ${plan.template} template) in ${plan.directory}.`,
        "",
        "Next:",
        ...(cd === "." ? [] : [`  cd ${cd.includes(" ") ? JSON.stringify(cd) : cd}`]),
        `  ${pm} install && ${pm} start   runs it against bedrock-local (LODE_MODEL_ID set: Amazon Bedrock)`,
        `  ${pm} install && ${pm} test    type-checks, then replays the recorded test`,
        ...(TEMPLATES.find((known) => known.name === plan.template)?.needs ?? "").split("\n").filter(Boolean),
        "",
      ].join("\n"),
    );
    return 0;
  } catch (error) {
    if (!(error instanceof CreateLodeError)) throw error;
    io.stderr.write(`create-lode: ${error.message}\n`);
    return 1;
  }
}

function fail(message: string): never {
  throw new CreateLodeError(message);
}

function packageManager(userAgent: string | undefined): string {
  const name = userAgent?.split("/")[0];
  return name === "pnpm" || name === "yarn" || name === "bun" ? name : "npm";
}

function processIo(): CliIo {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
    cwd: process.cwd(),
    userAgent: process.env.npm_config_user_agent,
  };
}
