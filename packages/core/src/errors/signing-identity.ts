/**
 * Where the credentials a client signs with came from, in words, for an error that says AWS refused them.
 * The SDK marks resolved credentials with the features that produced them (`$source`); the names below
 * are its feature ids.
 */
const SOURCE_BY_FEATURE: Record<string, string> = {
  CREDENTIALS_CODE: "credentials given in code (clientConfig.credentials)",
  CREDENTIALS_ENV_VARS: "environment variables (AWS_ACCESS_KEY_ID)",
  CREDENTIALS_PROFILE: "a profile in the shared config or credentials file",
  CREDENTIALS_PROFILE_SOURCE_PROFILE: "a profile's source_profile",
  CREDENTIALS_PROFILE_SSO: "an SSO profile",
  CREDENTIALS_SSO: "SSO",
  CREDENTIALS_PROFILE_PROCESS: "a profile's credential_process",
  CREDENTIALS_PROCESS: "a credential_process",
  CREDENTIALS_STS_ASSUME_ROLE: "an assumed role",
  CREDENTIALS_STS_ASSUME_ROLE_WEB_ID: "a web identity token",
  CREDENTIALS_HTTP: "the container credentials endpoint",
  CREDENTIALS_IMDS: "EC2 instance metadata",
  CREDENTIALS_LOGIN: "aws login",
};

interface ResolvedCredentials {
  accessKeyId?: string;
  sessionToken?: string;
  $source?: Record<string, unknown>;
}

/** The client's config functions this needs; each may be missing on a caller's own client. */
export interface SigningConfig {
  credentials?: () => Promise<unknown>;
  authSchemePreference?: () => Promise<string[]>;
}

/**
 * "a Bedrock API key (AWS_BEARER_TOKEN_BEDROCK)", or "access key AKIA…MPLE (with a session token) from
 * environment variables (AWS_ACCESS_KEY_ID)"; undefined when the client cannot say.
 */
export async function describeSigningIdentity(config: SigningConfig): Promise<string | undefined> {
  const preferred = await config.authSchemePreference?.().catch(() => []);
  if (preferred?.[0] === "httpBearerAuth") return "a Bedrock API key (AWS_BEARER_TOKEN_BEDROCK)";
  const credentials = (await config.credentials?.().catch(() => undefined)) as
    | ResolvedCredentials
    | undefined;
  if (!credentials?.accessKeyId) return undefined;
  const sources = Object.keys(credentials.$source ?? {})
    .map((feature) => SOURCE_BY_FEATURE[feature])
    .filter((source): source is string => source !== undefined);
  const token = credentials.sessionToken ? " (with a session token)" : "";
  const from = sources.length > 0 ? ` from ${sources.join(", via ")}` : "";
  return `access key ${maskKeyId(credentials.accessKeyId)}${token}${from}`;
}

/** An access key id with its middle hidden: enough to tell keys apart in a log, not to use one. */
function maskKeyId(accessKeyId: string): string {
  if (accessKeyId.length <= 8) return `${accessKeyId.slice(0, 2)}…`;
  return `${accessKeyId.slice(0, 4)}…${accessKeyId.slice(-4)}`;
}
