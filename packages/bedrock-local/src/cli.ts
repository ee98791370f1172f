import { parseArgs } from "node:util";
import type { AuthOptions, KnownAccessKey } from "./auth/auth-options.js";
import {
  checkFolder,
  readFaults,
  readGuardrailChecks,
  readGuardrails,
  readScript,
  readTls,
} from "./cli/read-cli-files.js";
import { UsageError } from "./cli/usage-error.js";
import { GuardrailChecksScriptError } from "./guardrail-checks/guardrail-checks-script.js";
import { GuardrailDefinitionError } from "./guardrails/guardrail-definition.js";
import { ScriptFormatError } from "./models/scripted/parse-script.js";
import { type BedrockLocal, startBedrockLocal } from "./start-bedrock-local.js";

const USAGE = `Usage: lode-bedrock-local [options]

A local Amazon Bedrock Runtime for the real AWS SDKs (HTTP/2 and HTTP/1.1 on one port).

Options:
  --port N           port to listen on; 0 picks a free one (default 0)
  --host H           interface to listen on (default 127.0.0.1)
  --script FILE      JSON script for the scripted model
  --replay DIR       folder of recordings to replay; repeat for several (tried before the script)
  --guardrails FILE  JSON list of guardrail definitions for ApplyGuardrail
  --guardrail-checks FILE
                     JSON object scripting InvokeGuardrailChecks' scores (see the README)
  --async-output DIR folder that stands in for S3: StartAsyncInvoke writes s3://bucket/prefix
                     to DIR/bucket/prefix/<invocation id>/ (default: a new folder under the OS temp folder)
  --record DIR       record: forward every request to --upstream (signed with your AWS credentials)
                     and save each exchange to DIR in the recordings format
  --upstream URL     Bedrock Runtime endpoint to record, e.g. https://bedrock-runtime.us-east-1.amazonaws.com
  --region R         signing region when the upstream host name has none (default AWS_REGION, us-east-1)
  --faults FILE      JSON list of faults to inject, e.g. [{"latencyMs": 50}] (a model that takes 50 ms)
  --tls-key FILE     serve HTTPS (HTTP/2 and HTTP/1.1 by ALPN) with this PEM key; needs --tls-cert
  --tls-cert FILE    the PEM certificate for --tls-key
  --access-key ID:SECRET[:SESSION_TOKEN]
                     check credentials as Bedrock does: accept requests SigV4-signed with this access key (and
                     carrying this session token); repeat for several. The first is the one to give clients
  --api-key KEY      accept "Authorization: Bearer KEY", a Bedrock API key (AWS_BEARER_TOKEN_BEDROCK); repeat
                     for several. With neither flag, any request is accepted; with either, every request must
                     be signed with a known key or carry a known API key, and is refused as Bedrock refuses it
  -h, --help         show this help

When ready it prints one line, "bedrock-local listening on URL", and runs until SIGINT or SIGTERM.
Exit codes: 0 after a signal, 2 for bad arguments, script or guardrails, 1 if the server cannot start.
`;

/** Where the CLI writes; a seam for tests. */
export interface CliStreams {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/**
 * Runs `lode-bedrock-local` with `argv` (without node and the script path). Resolves with the exit code:
 * at once for `--help` and errors, otherwise once a signal has stopped the server.
 */
export async function runCli(
  argv: string[],
  streams: CliStreams = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  let server: BedrockLocal;
  try {
    const options = parseCliArguments(argv);
    if (options === "help") {
      streams.stdout.write(USAGE);
      return 0;
    }
    for (const folder of options.replay) await checkFolder(folder);
    server = await startBedrockLocal({
      port: options.port,
      host: options.host,
      ...(options.script ? { script: await readScript(options.script) } : {}),
      replay: options.replay,
      guardrails: options.guardrails ? await readGuardrails(options.guardrails) : [],
      ...(options.guardrailChecks
        ? { guardrailChecks: await readGuardrailChecks(options.guardrailChecks) }
        : {}),
      ...(options.faults ? { faults: await readFaults(options.faults) } : {}),
      ...(options.tls ? { tls: await readTls(options.tls) } : {}),
      ...(options.asyncOutput ? { asyncInvoke: { outputDir: options.asyncOutput } } : {}),
      ...(options.auth ? { auth: options.auth } : {}),
      ...(options.record
        ? {
            record: {
              ...options.record,
              onRecordingError: (message: string) => streams.stderr.write(`lode-bedrock-local: ${message}\n`),
            },
          }
        : {}),
    });
  } catch (error) {
    const usage =
      error instanceof UsageError ||
      error instanceof ScriptFormatError ||
      error instanceof GuardrailDefinitionError ||
      error instanceof GuardrailChecksScriptError;
    streams.stderr.write(`lode-bedrock-local: ${(error as Error).message}\n`);
    if (usage) streams.stderr.write("Run with --help for usage.\n");
    return usage ? 2 : 1;
  }

  streams.stdout.write(`bedrock-local listening on ${server.url}\n`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    const stop = (received: NodeJS.Signals) => {
      process.off("SIGINT", stop).off("SIGTERM", stop);
      resolve(received);
    };
    process.on("SIGINT", stop).on("SIGTERM", stop);
  });
  streams.stderr.write(`lode-bedrock-local: ${signal}, shutting down\n`);
  await server.close();
  return 0;
}

interface CliOptions {
  port: number;
  host: string;
  script?: string;
  replay: string[];
  guardrails?: string;
  guardrailChecks?: string;
  asyncOutput?: string;
  faults?: string;
  tls?: { key: string; cert: string };
  record?: { folder: string; upstream: string; region?: string };
  auth?: AuthOptions;
}

function parseCliArguments(argv: string[]): CliOptions | "help" {
  let values: ReturnType<typeof parse>["values"];
  try {
    values = parse(argv).values;
  } catch (error) {
    // parseArgs explains unknown options and missing values well; keep its words.
    throw new UsageError((error as Error).message);
  }
  if (values.help) return "help";
  const port = Number(values.port ?? "0");
  if (!Number.isInteger(port) || port < 0 || port > 65535 || values.port?.trim() === "")
    throw new UsageError(`--port must be an integer from 0 to 65535, got ${JSON.stringify(values.port)}`);
  return {
    port,
    host: values.host ?? "127.0.0.1",
    ...(values.script ? { script: values.script } : {}),
    replay: values.replay ?? [],
    ...(values.guardrails ? { guardrails: values.guardrails } : {}),
    ...(values["guardrail-checks"] ? { guardrailChecks: values["guardrail-checks"] } : {}),
    ...(values["async-output"] ? { asyncOutput: values["async-output"] } : {}),
    ...(values.faults ? { faults: values.faults } : {}),
    ...tlsOptions(values),
    ...recordOptions(values),
    ...authOptions(values),
  };
}

/** `--access-key ID:SECRET[:SESSION_TOKEN]` and `--api-key KEY`, each repeatable; not with `--record`. */
function authOptions(values: ReturnType<typeof parse>["values"]): Pick<CliOptions, "auth"> {
  const accessKeys = (values["access-key"] ?? []).map(parseAccessKey);
  const apiKeys = values["api-key"] ?? [];
  if (accessKeys.length === 0 && apiKeys.length === 0) return {};
  if (values.record !== undefined)
    throw new UsageError(
      "--access-key and --api-key cannot be combined with --record (requests are signed again with your AWS credentials)",
    );
  if (apiKeys.some((key) => key === "")) throw new UsageError("--api-key needs a non-empty KEY");
  const ids = accessKeys.map((key) => key.accessKeyId);
  const repeated = ids.find((id, index) => ids.indexOf(id) !== index);
  if (repeated !== undefined) throw new UsageError(`--access-key gives access key id ${repeated} twice`);
  return {
    auth: { ...(accessKeys.length ? { accessKeys } : {}), ...(apiKeys.length ? { apiKeys } : {}) },
  };
}

/** `ID:SECRET[:SESSION_TOKEN]`; the message never repeats the value, which holds a secret. */
function parseAccessKey(value: string, index: number): KnownAccessKey {
  const [accessKeyId = "", secretAccessKey = "", ...token] = value.split(":");
  const sessionToken = token.join(":");
  if (!accessKeyId || !secretAccessKey || (token.length > 0 && !sessionToken))
    throw new UsageError(
      `--access-key number ${index + 1} must be ID:SECRET or ID:SECRET:SESSION_TOKEN, each part non-empty`,
    );
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}

/** `--record DIR --upstream URL [--region R]`: a recording proxy serves nothing itself, so it stands alone. */
function recordOptions(values: ReturnType<typeof parse>["values"]): Pick<CliOptions, "record"> {
  if (values.record === undefined) {
    if (values.upstream !== undefined || values.region !== undefined)
      throw new UsageError("--upstream and --region only apply with --record DIR");
    return {};
  }
  if (!values.upstream) throw new UsageError("--record needs --upstream URL, the Bedrock endpoint to record");
  if (!/^https?:\/\/[^/]/.test(values.upstream))
    throw new UsageError(
      `--upstream must be an http:// or https:// URL, got ${JSON.stringify(values.upstream)}`,
    );
  if (values.script || values.replay || values.guardrails || values["guardrail-checks"])
    throw new UsageError(
      "--record cannot be combined with --script, --replay, --guardrails or --guardrail-checks",
    );
  return {
    record: {
      folder: values.record,
      upstream: values.upstream,
      ...(values.region ? { region: values.region } : {}),
    },
  };
}

/** `--tls-key FILE --tls-cert FILE`: both or neither. */
function tlsOptions(values: ReturnType<typeof parse>["values"]): Pick<CliOptions, "tls"> {
  const key = values["tls-key"];
  const cert = values["tls-cert"];
  if (key === undefined && cert === undefined) return {};
  if (!key || !cert) throw new UsageError("--tls-key and --tls-cert go together: give both PEM files");
  return { tls: { key, cert } };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      script: { type: "string" },
      replay: { type: "string", multiple: true },
      guardrails: { type: "string" },
      "guardrail-checks": { type: "string" },
      "async-output": { type: "string" },
      faults: { type: "string" },
      "tls-key": { type: "string" },
      "tls-cert": { type: "string" },
      record: { type: "string" },
      upstream: { type: "string" },
      region: { type: "string" },
      "access-key": { type: "string", multiple: true },
      "api-key": { type: "string", multiple: true },
      help: { type: "boolean", short: "h" },
    },
  });
}
