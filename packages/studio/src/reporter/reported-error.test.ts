import { LodeError } from "@lode/core";
import { describe, expect, test } from "vitest";
import { reportedError } from "./reported-error.js";

describe("a failed call's error, as reported", () => {
  test("carries the AWS request id, status and exception name from the SDK's cause", () => {
    const cause = Object.assign(new Error("Malformed input"), {
      name: "ValidationException",
      $metadata: { requestId: "req-9", httpStatusCode: 400 },
    });
    const error = new LodeError("invalid-request", "Bedrock refused the request", { cause });
    expect(reportedError(error)).toEqual({
      code: "invalid-request",
      message: "Bedrock refused the request",
      requestId: "req-9",
      httpStatus: 400,
      awsName: "ValidationException",
    });
  });

  test("is Lode's code and message alone without an AWS cause", () => {
    expect(reportedError(new LodeError("aborted", "The run was aborted."))).toEqual({
      code: "aborted",
      message: "The run was aborted.",
    });
  });
});
