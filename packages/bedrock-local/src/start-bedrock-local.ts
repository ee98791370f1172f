import { readFile } from "node:fs/promises";
import { type AsyncInvokeOptions, AsyncInvokeStore } from "./async-invoke/async-invoke-store.js";
import type { AuthOptions } from "./auth/auth-options.js";
import { createAuthenticator } from "./auth/authenticate-request.js";
import type { Fault } from "./faults/fault.js";
import { FaultPlan } from "./faults/fault-plan.js";
import {
  checkGuardrailChecksScript,
  type GuardrailChecksScript,
} from "./guardrail-checks/guardrail-checks-script.js";
import { type GuardrailDefinition, GuardrailRegistry } from "./guardrails/guardrail-registry.js";
import { createRequestHandler } from "./handle-request.js";
import type { AnyRequest, AnyResponse } from "./http/exchange.js";
import type { ModelSource } from "./models/model-source.js";
import { loadRecordings } from "./models/replay/load-recordings.js";
import { type ReplayMatching, ReplayModel } from "./models/replay/replay-model.js";
import { parseScript } from "./models/scripted/parse-script.js";
import type { Script } from "./models/scripted/script-format.js";
import { ScriptedModel } from "./models/scripted/scripted-model.js";
import { OPERATIONS } from "./operations/index.js";
import { createReasoningSigner } from "./reasoning/reasoning-signer.js";
import type { RecordOptions } from "./recording/record-options.js";
import { createRecordingProxy } from "./recording/recording-proxy.js";
import type { RequestLogEntry } from "./request-log.js";
import { PromptCache } from "./tokens/prompt-cache.js";
import { type ConnectionTimeouts, resolveConnectionTimeouts } from "./transport/connection-timeouts.js";
import { listenDualProtocol } from "./transport/listen-dual-protocol.js";
import { listenTls, type TlsOptions } from "./transport/listen-tls.js";

export interface BedrockLocalOptions {
  /** Port to listen on; 0 picks a free one. @default 0 */
  port?: number;
  /** Interface to listen on. @default "127.0.0.1" */
  host?: string;
  /** The scripted model's script, or the path of a JSON file holding one. */
  script?: Script | string;
  /** Folder(s) of recordings (the corpus format) to replay. Replay is tried before the script. */
  replay?: string | string[];
  /** How replay finds a request's recording (see `ReplayMatching`). @default "cassette" */
  replayMatching?: ReplayMatching;
  /** Faults to inject; more can be added on the running server. */
  faults?: Fault[];
  /** Guardrails served by ApplyGuardrail (and, with guardrailConfig, by Converse). */
  guardrails?: GuardrailDefinition[];
  /** How InvokeGuardrailChecks scores content: scripted scores, so tests know what they get. */
  guardrailChecks?: GuardrailChecksScript;
  /** Secret for the scripted model's reasoning signatures; random unless given. */
  signingSecret?: string;
  /** Largest request body accepted, in bytes. @default 20 MiB */
  maxBodyBytes?: number;
  /** How StartAsyncInvoke's jobs run: how long they stay InProgress, where their output is written. */
  asyncInvoke?: AsyncInvokeOptions;
  /**
   * Record instead of serving: every request is signed again and forwarded to `record.upstream`, its answer
   * streamed back and saved to `record.folder` in the recordings format. `script`, `replay` and
   * `guardrails` are then not loaded at all, and faults do not apply: `faults` or `addFault` throw a TypeError.
   */
  record?: RecordOptions;
  /**
   * Serve HTTPS with this key and certificate (PEM) instead of cleartext: HTTP/2 or HTTP/1.1 as the client's
   * ALPN asks, like Bedrock's own endpoint. A client must trust the certificate (for a self-signed one,
   * `NODE_EXTRA_CA_CERTS`, or the handler's `ca`).
   */
  tls?: TlsOptions;
  /**
   * How long a connection may take over its headers, its body, or sit idle, before it is closed (a slow or
   * vanished client must not hold connections open). @default 10 s, 60 s, 5 s
   */
  timeouts?: Partial<ConnectionTimeouts>;
  /**
   * Check credentials as Bedrock does: every request must be SigV4-signed with one of `auth.accessKeys` (its
   * session token too, before its `expiresAt`) or carry one of `auth.apiKeys` as a bearer token, and is refused
   * with Bedrock's own answer otherwise, before any operation runs. Without it, any request is accepted.
   * Not in record mode (a TypeError), where requests are signed again with real credentials.
   */
  auth?: AuthOptions;
}

/** A running bedrock-local server. */
export interface BedrockLocal {
  /** `http://127.0.0.1:{port}` (`https://` with `tls`): pass it as the SDK client's `endpoint`. */
  readonly url: string;
  readonly port: number;
  /**
   * What an SDK client needs to talk to this server: spread it into `new BedrockRuntimeClient({...})`.
   * The credentials are placeholders unless `auth` is given: then the first of `auth.accessKeys` (with its
   * session token), or with API keys only, the first of them as the bearer `token`.
   */
  readonly clientConfig: {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
    /** With API keys only: the first, and the preference that makes the SDK send it instead of signing. */
    token?: { token: string };
    authSchemePreference?: string[];
  };
  /** Every request received so far, oldest first. */
  readonly requests: readonly RequestLogEntry[];
  /** Adds a fault to inject from now on. Throws a TypeError in record mode, where faults do not apply. */
  addFault(fault: Fault): void;
  /** Removes every fault. */
  clearFaults(): void;
  /** Stops listening and closes every connection. */
  close(): Promise<void>;
}

/**
 * Starts a local Bedrock Runtime that the unmodified AWS SDK (and boto3, curl, fetch) can talk to,
 * over HTTP/2 cleartext and HTTP/1.1 on one port.
 *
 * @example
 * ```ts
 * const server = await startBedrockLocal({ script: { models: { "*": { turns: [{ text: "Hello!" }] } } } });
 * const client = new BedrockRuntimeClient({ endpoint: server.url, region: "us-east-1",
 *   credentials: { accessKeyId: "test", secretAccessKey: "test" } });
 * ```
 */
export async function startBedrockLocal(options: BedrockLocalOptions = {}): Promise<BedrockLocal> {
  const host = options.host ?? "127.0.0.1";
  const maxBodyBytes = options.maxBodyBytes ?? 20 * 1024 * 1024;
  const log: RequestLogEntry[] = [];
  let requestCount = 0;
  const nextRequestNumber = () => ++requestCount;
  const mode = options.record
    ? await recordingMode(options.record, options, { host, maxBodyBytes, log, nextRequestNumber })
    : await servingMode(options, { maxBodyBytes, log, nextRequestNumber });
  const timeouts = resolveConnectionTimeouts(options.timeouts);
  const listening = { host, port: options.port ?? 0, handler: mode.handler, timeouts };
  const server = options.tls
    ? await listenTls({ ...listening, tls: options.tls })
    : await listenDualProtocol(listening);
  const url = `${options.tls ? "https" : "http"}://${host}:${server.port}`;
  return {
    url,
    clientConfig: { endpoint: url, region: "us-east-1", ...clientCredentials(options.auth) },
    port: server.port,
    requests: log,
    addFault: mode.addFault,
    clearFaults: mode.clearFaults,
    close: () => mode.close(() => server.close()),
  };
}

/** What differs between serving and recording: who answers, whether faults apply, what closing releases. */
interface Mode {
  handler: (request: AnyRequest, response: AnyResponse) => void;
  addFault(fault: Fault): void;
  clearFaults(): void;
  /** Stops the server with `closeServer`, releasing what the mode holds in the right order around it. */
  close(closeServer: () => Promise<void>): Promise<void>;
}

interface Shared {
  maxBodyBytes: number;
  log: RequestLogEntry[];
  nextRequestNumber: () => number;
}

/** The credentials `clientConfig` hands the SDK: ones the server accepts. */
function clientCredentials(
  auth: BedrockLocalOptions["auth"],
): Omit<BedrockLocal["clientConfig"], "endpoint" | "region"> {
  const placeholder = { accessKeyId: "bedrock-local", secretAccessKey: "bedrock-local" };
  const key = auth?.accessKeys?.[0];
  if (key)
    return {
      credentials: {
        accessKeyId: key.accessKeyId,
        secretAccessKey: key.secretAccessKey,
        ...(key.sessionToken ? { sessionToken: key.sessionToken } : {}),
      },
    };
  const apiKey = auth?.apiKeys?.[0];
  if (apiKey)
    return { credentials: placeholder, token: { token: apiKey }, authSchemePreference: ["httpBearerAuth"] };
  return { credentials: placeholder };
}

/** Serving: the model sources (replay first, then the script), faults, guardrails and async jobs. */
async function servingMode(options: BedrockLocalOptions, shared: Shared): Promise<Mode> {
  const signer = createReasoningSigner(options.signingSecret);
  const models: ModelSource[] = [];
  for (const folder of [options.replay ?? []].flat())
    models.push(new ReplayModel(await loadRecordings(folder), options.replayMatching));
  if (options.script !== undefined)
    models.push(new ScriptedModel(await resolveScript(options.script), signer, new PromptCache()));
  const faults = new FaultPlan(options.faults);
  const guardrailChecks = options.guardrailChecks ?? {};
  checkGuardrailChecksScript(guardrailChecks);
  const authenticate = options.auth ? createAuthenticator(options.auth) : undefined;
  const asyncInvokes = new AsyncInvokeStore(options.asyncInvoke);
  const handler = createRequestHandler({
    ...(authenticate ? { authenticate } : {}),
    operations: OPERATIONS,
    context: {
      models,
      signer,
      faults,
      guardrails: new GuardrailRegistry(options.guardrails ?? []),
      guardrailChecks,
      asyncInvokes,
    },
    ...shared,
  });
  return {
    handler,
    addFault: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    close: async (closeServer) => {
      asyncInvokes.close();
      await closeServer();
    },
  };
}

/**
 * Recording: every request goes upstream as it is, so nothing that would answer or alter it (script,
 * replay, guardrails, faults) is loaded. A fault could only mislead here, so asking for one is an error.
 */
async function recordingMode(
  record: RecordOptions,
  options: BedrockLocalOptions,
  shared: Shared & { host: string },
): Promise<Mode> {
  if (options.faults?.length) throw faultsInRecordMode();
  if (options.auth)
    throw new TypeError(
      "bedrock-local: auth does not apply in record mode (every request is signed again with your AWS credentials and forwarded); check credentials on a server that replays the recordings instead.",
    );
  const recorder = await createRecordingProxy({
    ...record,
    listeningHost: shared.host,
    maxBodyBytes: shared.maxBodyBytes,
    log: shared.log,
    nextRequestNumber: shared.nextRequestNumber,
  });
  return {
    handler: recorder.handler,
    addFault: () => {
      throw faultsInRecordMode();
    },
    clearFaults: () => {},
    close: async (closeServer) => {
      await closeServer();
      recorder.close();
    },
  };
}

function faultsInRecordMode(): TypeError {
  return new TypeError(
    "bedrock-local: faults do not apply in record mode (every request is forwarded upstream as it is); inject them on a server that replays the recordings instead.",
  );
}

async function resolveScript(script: Script | string): Promise<Script> {
  const value = typeof script === "string" ? JSON.parse(await readFile(script, "utf8")) : script;
  return parseScript(value);
}
