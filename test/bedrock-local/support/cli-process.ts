import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";

const BIN = fileURLToPath(
  new URL("../../../packages/bedrock-local/bin/lode-bedrock-local.js", import.meta.url),
);

/**
 * The environment without any AWS setting of the machine running the tests, plus `extra`: the CLI's
 * credential chain then finds only what the test hands it.
 */
export function isolatedEnv(extra: Record<string, string>, home: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("AWS_")));
  return {
    ...env,
    HOME: home,
    AWS_CONFIG_FILE: path.join(home, "no-config"),
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, "no-credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    ...extra,
  };
}

/** Runs `lode-bedrock-local args` under node with `env`, its stdout and stderr piped. */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"], env });
}

/** The CLI's first stdout line, and the URL it announces there (undefined when the line is not the banner). */
export async function listeningLine(child: ChildProcess): Promise<{ line: string; url: string | undefined }> {
  if (!child.stdout) throw new Error("the CLI was started without a stdout pipe");
  const [line] = (await once(createInterface({ input: child.stdout }), "line")) as [string];
  return { line, url: /^bedrock-local listening on (https?:\/\/127\.0\.0\.1:\d+)$/.exec(line)?.[1] };
}

/** An SDK client of the CLI's server at `url`, signing with credentials only the client holds. */
export function cliClient(url: string | undefined): BedrockRuntimeClient {
  return new BedrockRuntimeClient({
    endpoint: url,
    region: "us-east-1",
    credentials: { accessKeyId: "AKIDOFTHECLIENT", secretAccessKey: "client-secret-key" },
    maxAttempts: 1,
  });
}

/** Stops `child` with SIGTERM if it still runs, and waits for it to exit. */
export async function stopCli(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  await exited;
}
