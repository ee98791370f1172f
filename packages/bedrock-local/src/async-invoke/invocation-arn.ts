import { randomInt } from "node:crypto";
import { throwIfViolations } from "../validation/constraint-violations.js";

const REGION = "us-east-1";
const ACCOUNT = "000000000000";
const ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/** AWS's pattern for an invocation ARN, as its validation message quotes it. */
const INVOCATION_ARN_PATTERN_TEXT =
  "arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:async-invoke/[a-z0-9]{12}";
const INVOCATION_ARN_PATTERN = new RegExp(`^${INVOCATION_ARN_PATTERN_TEXT}$`);

/** A fresh invocation: the id (12 lowercase alphanumerics, as AWS's) and the ARN around it. */
export function newInvocationArn(): { invocationArn: string; invocationId: string } {
  let invocationId = "";
  for (let index = 0; index < 12; index++) invocationId += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return { invocationArn: `arn:aws:bedrock:${REGION}:${ACCOUNT}:async-invoke/${invocationId}`, invocationId };
}

/** The model's ARN as GetAsyncInvoke reports it: an ARN given stays as given, a model id becomes a foundation-model ARN. */
export function modelArnFor(modelId: string): string {
  return modelId.startsWith("arn:") ? modelId : `arn:aws:bedrock:${REGION}::foundation-model/${modelId}`;
}

/** Rejects a path's invocation ARN that AWS's request validation would reject. */
export function checkInvocationArn(value: string): void {
  const path = "invocationArn";
  throwIfViolations([
    ...(INVOCATION_ARN_PATTERN.test(value)
      ? []
      : [
          {
            path,
            value,
            constraint: `Member must satisfy regular expression pattern: ${INVOCATION_ARN_PATTERN_TEXT}`,
          },
        ]),
    ...(value.length > 2048
      ? [{ path, value, constraint: "Member must have length less than or equal to 2048" }]
      : []),
  ]);
}
