/**
 * What the SDK's default credential chain tried, read back from the debug lines its providers log while
 * they look for credentials (`defaultProvider::fromEnv`, then `@smithy/property-provider -> Unable to find
 * environment variable credentials.`, and so on), so a `missing-credentials` error can say which sources
 * were tried and why each gave nothing. The providers log only while resolving (once per expiry), so
 * keeping the lines costs nothing per request.
 */

/** How many debug lines a client keeps: one chain's worth, several times over. */
const MAX_LINES = 64;

const TRAIL = Symbol.for("lode.credentialTrail");

/** The packages whose debug lines tell what the credential chain tried. */
const CREDENTIAL_SOURCES = [
  "@aws-sdk/credential-provider",
  "@smithy/property-provider",
  "@smithy/credential-provider",
];

/** A logger the SDK can be given that keeps its debug lines. */
export interface TrailLogger {
  debug(...content: unknown[]): void;
  warn(...content: unknown[]): void;
  error(...content: unknown[]): void;
  readonly [TRAIL]: string[];
}

/**
 * A logger that prints nothing and keeps the last debug lines. It has no `info` on purpose: the SDK calls
 * `logger.info?.(...)` after every call with a filtered copy of the whole request, built only if `info`
 * exists. `debug` it must have: the credential providers call `logger?.debug(...)` without checking.
 */
export function createTrailLogger(): TrailLogger {
  const lines: string[] = [];
  return {
    debug(...content: unknown[]) {
      // Only the credential providers' lines (the endpoint rules engine logs too, on a cache miss).
      const first = content[0];
      if (typeof first !== "string" || !CREDENTIAL_SOURCES.some((prefix) => first.startsWith(prefix))) return;
      if (lines.length >= MAX_LINES) lines.shift();
      lines.push(content.map(String).join(" "));
    },
    warn() {},
    error() {},
    [TRAIL]: lines,
  };
}

/** Names a person knows for the default chain's steps, in the order the chain tries them. */
const SOURCE_NAMES: Record<string, string> = {
  fromEnv: "environment variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN)",
  fromSSO: "an SSO profile",
  fromIni: "the shared config and credentials files (~/.aws/config, ~/.aws/credentials)",
  fromProcess: "a credential_process in the shared config",
  fromTokenFile: "a web identity token file (AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN)",
  remoteProvider: "container or EC2 instance metadata",
};

const STEP = /defaultProvider::(\w+)/;
const REASON = /^@smithy\/property-provider -> (.*)$/;

/**
 * "environment variables (...): Unable to find environment variable credentials.; ..." for the last chain
 * the logger saw, or undefined when it saw none (a logger that is not Lode's, or a caller's own provider).
 */
export function describeCredentialTrail(logger: unknown): string | undefined {
  const lines = (logger as Partial<TrailLogger> | undefined)?.[TRAIL];
  if (!lines) return undefined;
  // Every chain logs its SSO step; the environment step before it logs its name only when it runs (with
  // AWS_PROFILE set it is skipped, and only its reason is logged).
  const sso = lines.findLastIndex((line) => line.includes("defaultProvider::fromSSO"));
  if (sso < 0) return undefined;
  const envReasons: string[] = [];
  for (let index = sso - 1; index >= 0; index--) {
    const reason = REASON.exec(lines[index] ?? "")?.[1];
    if (!reason) break;
    envReasons.unshift(reason.replace(/\.$/, ""));
  }
  const tried: string[] = [[SOURCE_NAMES.fromEnv, ...envReasons].join(": ")];
  let current: { name: string; reasons: string[] } | undefined;
  for (const line of lines.slice(sso)) {
    const step = STEP.exec(line)?.[1];
    if (step) {
      current = { name: SOURCE_NAMES[step] ?? step, reasons: [] };
      tried.push(current.name);
      continue;
    }
    const reason = REASON.exec(line)?.[1];
    if (current && reason) {
      current.reasons.push(reason.replace(/\.$/, ""));
      tried[tried.length - 1] = `${current.name}: ${current.reasons.join(". ")}`;
    }
  }
  return tried.length > 0 ? tried.join("; ") : undefined;
}
