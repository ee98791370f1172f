import { describe, expect, it } from "vitest";
import { AwsError } from "../http/aws-error.js";
import { parseAuthorization } from "./parse-authorization.js";

const SIGNATURE = "0123456789abcdef".repeat(4);

function refusal(value: string, hasDateHeader = true): { name: string; message: string } {
  try {
    parseAuthorization(value, hasDateHeader);
  } catch (error) {
    if (error instanceof AwsError) return { name: error.name, message: error.message };
    throw error;
  }
  throw new Error("parsed");
}

describe("parseAuthorization", () => {
  it("reads the credential scope, the signed headers and the signature", () => {
    expect(
      parseAuthorization(
        `AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-3/bedrock/aws4_request, SignedHeaders=Host;x-amz-date, Signature=${SIGNATURE}`,
        true,
      ),
    ).toEqual({
      accessKeyId: "AKID",
      scopeDate: "20260101",
      region: "eu-west-3",
      service: "bedrock",
      terminator: "aws4_request",
      signedHeaders: ["host", "x-amz-date"],
      signature: SIGNATURE,
    });
  });

  it("names every missing part, with the header redacted, as AWS does", () => {
    expect(refusal("Basic dXNlcjpwYXNz", false)).toEqual({
      name: "IncompleteSignatureException",
      message: expect.stringMatching(
        /^Authorization header requires 'Credential' parameter\. Authorization header requires 'Signature' parameter\. Authorization header requires 'SignedHeaders' parameter\. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header\. Authorization=<redacted sha256:[0-9a-f]{12}>$/,
      ),
    });
  });

  it("refuses a part without '=' and a credential without five elements", () => {
    expect(
      refusal(`AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/bedrock/aws4_request, ${SIGNATURE}`)
        .message,
    ).toMatch(
      /^'<redacted sha256:[0-9a-f]{12}>' not a valid key=value pair \(missing equal-sign\) in Authorization header: 'AWS4-HMAC-SHA256 /,
    );
    expect(
      refusal(
        `AWS4-HMAC-SHA256 Credential=A/K/20260101/us-east-1/bedrock/aws4_request, SignedHeaders=host, Signature=${SIGNATURE}`,
      ).message,
    ).toBe(
      "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'A/K/20260101/us-east-1/bedrock/aws4_request'",
    );
  });
});
