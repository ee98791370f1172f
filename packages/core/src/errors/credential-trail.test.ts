import { describe, expect, test } from "vitest";
import { createTrailLogger, describeCredentialTrail } from "./credential-trail.js";

/** What the SDK's default chain logs when every source comes up empty (AWS_PROFILE unset). */
const EMPTY_CHAIN = [
  "@aws-sdk/credential-provider-node - defaultProvider::fromEnv",
  "@aws-sdk/credential-provider-env - fromEnv",
  "@smithy/property-provider -> Unable to find environment variable credentials.",
  "@aws-sdk/credential-provider-node - defaultProvider::fromSSO",
  "@smithy/property-provider -> Skipping SSO provider in default chain (inputs do not include SSO fields).",
  "@aws-sdk/credential-provider-node - defaultProvider::fromIni",
  "@aws-sdk/credential-provider-ini - fromIni",
  "@smithy/property-provider -> Could not resolve credentials using profile: [default] in configuration/credentials file(s).",
  "@aws-sdk/credential-provider-node - defaultProvider::remoteProvider",
  "@smithy/property-provider -> EC2 Instance Metadata Service access disabled",
  "@smithy/property-provider (!) Could not load credentials from any providers",
];

describe("describeCredentialTrail", () => {
  test("names each source the chain tried with what it answered", () => {
    const logger = createTrailLogger();
    for (const line of EMPTY_CHAIN) logger.debug(line);

    expect(describeCredentialTrail(logger)).toBe(
      "environment variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN): Unable to find environment variable credentials; " +
        "an SSO profile: Skipping SSO provider in default chain (inputs do not include SSO fields); " +
        "the shared config and credentials files (~/.aws/config, ~/.aws/credentials): Could not resolve credentials using profile: [default] in configuration/credentials file(s); " +
        "container or EC2 instance metadata: EC2 Instance Metadata Service access disabled",
    );
  });

  test("gives the environment step the reason it was skipped for, when AWS_PROFILE is set", () => {
    const logger = createTrailLogger();
    logger.debug("@smithy/property-provider -> AWS_PROFILE is set, skipping fromEnv provider.");
    for (const line of EMPTY_CHAIN.slice(3)) logger.debug(line);

    expect(describeCredentialTrail(logger)).toMatch(
      /^environment variables \(.+\): AWS_PROFILE is set, skipping fromEnv provider; an SSO profile: /,
    );
  });

  test("reads the last chain only, keeping no line of other packages", () => {
    const logger = createTrailLogger();
    for (const line of EMPTY_CHAIN) logger.debug(line);
    logger.debug("@smithy/core/endpoints - resolved endpoint from config: http://127.0.0.1:1");
    for (let index = 0; index < 100; index++) logger.debug(`endpoint rule ${index}`);
    logger.debug("@aws-sdk/credential-provider-node - defaultProvider::fromSSO");
    logger.debug("@smithy/property-provider -> The SSO session has expired.");

    expect(describeCredentialTrail(logger)).toBe(
      "environment variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN); an SSO profile: The SSO session has expired",
    );
  });

  test("says nothing for a logger that is not Lode's, or one that saw no chain", () => {
    expect(describeCredentialTrail({ debug() {} })).toBeUndefined();
    expect(describeCredentialTrail(undefined)).toBeUndefined();
    expect(describeCredentialTrail(createTrailLogger())).toBeUndefined();
  });
});
