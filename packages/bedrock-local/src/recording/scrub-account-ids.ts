/** What an AWS account id becomes in a recording, as in the shared recordings corpus. */
export const SCRUBBED_ACCOUNT_ID = "000000000000";

/**
 * The account field of an ARN (`arn:partition:service:region:ACCOUNT:resource`), with its colons either
 * literal or percent-encoded (`%3A`), as ARNs appear in request paths.
 */
const ARN_ACCOUNT =
  /(arn(?::|%3A)aws[a-z-]*(?::|%3A)[a-z0-9-]*(?::|%3A)[a-z0-9-]*(?::|%3A))(\d{12})(?=:|%3A)/gi;

/** Replaces the account id inside every ARN in `text` with `000000000000`. */
export function scrubAccountIds(text: string): string {
  return text.replace(ARN_ACCOUNT, `$1${SCRUBBED_ACCOUNT_ID}`);
}
