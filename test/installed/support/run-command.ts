import { spawn } from "node:child_process";
import { delimiter, dirname } from "node:path";

export interface CommandOutput {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * The environment a person's shell would give a generated project: no AWS settings (so bedrock-local
 * answers) and none of the variables this test run's pnpm and vitest set, `node` (and so npm, whose
 * launcher asks `env node`) from `nodeBin`'s folder, npm's installs quiet and offline-first.
 */
export function userEnv(nodeBin: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(AWS_|LODE_|npm_|PNPM_|VITEST|NODE_OPTIONS$|NODE_ENV$|TEST$|FORCE_COLOR$)/i.test(key)) continue;
    env[key] = value;
  }
  return {
    ...env,
    PATH: `${dirname(nodeBin)}${delimiter}${env.PATH ?? ""}`,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    npm_config_audit: "false",
    npm_config_fund: "false",
    npm_config_prefer_offline: "true",
    npm_config_update_notifier: "false",
    // Plain output to assert on.
    NO_COLOR: "1",
    ...extra,
  };
}

/** Runs `command` with `sh -c` in `cwd`, as a person would type it; resolves when it exits. */
export function runShell(command: string, cwd: string, env: NodeJS.ProcessEnv): Promise<CommandOutput> {
  const startedAt = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn("sh", ["-c", command], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once("error", reject);
    child.once("close", (code) =>
      resolve({ code, stdout, stderr, ms: Math.round(performance.now() - startedAt) }),
    );
  });
}

/** The commands of a README's first code block, one a line (comments kept: `sh` ignores them). */
export function readmeCommands(readme: string): string[] {
  const block = /```(?:sh|bash|shell)?\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
  return block
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

/** A command left running (a server): its output so far, and how to stop it and everything it started. */
export interface RunningCommand {
  readonly output: () => CommandOutput;
  /** Resolves with the first match of `pattern` in its stdout; rejects if it exits first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** SIGTERM to its whole process group; resolves when `sh` has exited. */
  stop(): Promise<CommandOutput>;
}

/** Starts `command` with `sh -c` in its own process group, for commands that run until stopped. */
export function startShell(command: string, cwd: string, env: NodeJS.ProcessEnv): RunningCommand {
  const startedAt = performance.now();
  const child = spawn("sh", ["-c", command], { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once("close", resolve));
  const output = (code: number | null = child.exitCode): CommandOutput => ({
    code,
    stdout,
    stderr,
    ms: Math.round(performance.now() - startedAt),
  });
  return {
    output: () => output(),
    waitFor: (pattern, timeoutMs = 120_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no ${pattern} in ${timeoutMs} ms; stdout:\n${stdout}\nstderr:\n${stderr}`));
        }, timeoutMs);
        const check = () => {
          const match = pattern.exec(stdout);
          if (match) {
            cleanup();
            resolve(match);
          }
        };
        const onExit = () => {
          cleanup();
          reject(new Error(`exited before ${pattern}; stdout:\n${stdout}\nstderr:\n${stderr}`));
        };
        const cleanup = () => {
          clearTimeout(timer);
          child.stdout.off("data", check);
          child.off("close", onExit);
        };
        child.stdout.on("data", check);
        child.once("close", onExit);
        check();
      }),
    stop: async () => {
      if (child.exitCode === null && child.pid !== undefined) {
        try {
          process.kill(-child.pid, "SIGTERM");
        } catch {
          // already gone
        }
      }
      return output(await exited);
    },
  };
}
