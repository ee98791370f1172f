import { AwsError } from "../http/aws-error.js";
import type { JsonObject } from "../models/model-turn.js";
import {
  type ConstraintViolation,
  MIN_LENGTH_1,
  NOT_NULL,
  throwIfViolations,
} from "../validation/constraint-violations.js";
import type { AsyncInvokeTag, S3OutputDataConfig, StartAsyncInvokeRequest } from "./async-invoke-job.js";

/** A string member's constraints, as AWS's model states them for StartAsyncInvoke. */
interface StringRule {
  min?: number;
  max?: number;
  /** The pattern's text as AWS quotes it in its message (matched against the whole value). */
  pattern?: string;
}

const TOKEN: StringRule = { min: 1, max: 256, pattern: "[!-~]*" };
const MODEL_ID: StringRule = { min: 1, max: 256, pattern: "[a-zA-Z_\\.\\-/0-9:]+" };
const S3_URI: StringRule = { min: 1, max: 1024, pattern: "s3://[a-z0-9][\\.\\-a-z0-9]{1,61}[a-z0-9](/.*)?" };
const KMS_KEY_ID: StringRule = {
  min: 1,
  max: 2048,
  pattern: "arn:aws(-[^:]+)?:kms:[a-zA-Z0-9-]*:[0-9]{12}:((key/[a-zA-Z0-9-]{36})|(alias/[a-zA-Z0-9-_/]+))",
};
const ACCOUNT_ID: StringRule = { pattern: "[0-9]{12}" };
const TAG_KEY: StringRule = { min: 1, max: 128, pattern: "[a-zA-Z0-9\\s._:/=+@-]*" };
const TAG_VALUE: StringRule = { min: 0, max: 256, pattern: "[a-zA-Z0-9\\s._:/=+@-]*" };
/** AWS documents no limit on StartAsyncInvoke's tag list; 200 is Bedrock's limit for tags on a resource. */
const MAX_TAGS = 200;

/**
 * Checks a StartAsyncInvoke body the way AWS's request validation does, reporting every broken constraint in
 * one ValidationException, and returns the request typed. A member of the wrong JSON type is a
 * SerializationException, as AWS answers a body its deserializer cannot read.
 */
export function validateStartRequest(body: JsonObject): StartAsyncInvokeRequest {
  const violations: ConstraintViolation[] = [];
  const token = optionalString(body, "clientRequestToken", "clientRequestToken");
  if (token !== undefined) violations.push(...stringViolations(token, "clientRequestToken", TOKEN));

  const modelId = optionalString(body, "modelId", "modelId");
  if (modelId === undefined) violations.push({ path: "modelId", value: null, constraint: NOT_NULL });
  else violations.push(...stringViolations(modelId, "modelId", MODEL_ID));

  // modelInput is sensitive: AWS never echoes it in a message.
  if (body.modelInput === undefined || body.modelInput === null)
    violations.push({ path: "modelInput", value: null, constraint: NOT_NULL });

  const s3 = readOutputDataConfig(body, violations);
  const tags = readTags(body, violations);
  throwIfViolations(violations);
  return {
    ...(token !== undefined ? { clientRequestToken: token } : {}),
    modelId: modelId as string,
    modelInput: body.modelInput,
    s3OutputDataConfig: s3 as S3OutputDataConfig,
    ...(tags ? { tags } : {}),
  };
}

function readOutputDataConfig(
  body: JsonObject,
  violations: ConstraintViolation[],
): S3OutputDataConfig | undefined {
  const config = optionalObject(body.outputDataConfig, "outputDataConfig");
  if (!config) {
    violations.push({ path: "outputDataConfig", value: null, constraint: NOT_NULL });
    return undefined;
  }
  const s3 = optionalObject(config.s3OutputDataConfig, "outputDataConfig.s3OutputDataConfig");
  if (!s3) {
    // A union with no member set: AWS's deserializer refuses it before validation.
    throw new AwsError(
      "SerializationException",
      "outputDataConfig must set exactly one member; s3OutputDataConfig is the only one.",
    );
  }
  const path = "outputDataConfig.s3OutputDataConfig";
  const s3Uri = optionalString(s3, "s3Uri", `${path}.s3Uri`);
  if (s3Uri === undefined) violations.push({ path: `${path}.s3Uri`, value: null, constraint: NOT_NULL });
  else violations.push(...stringViolations(s3Uri, `${path}.s3Uri`, S3_URI));
  const kmsKeyId = optionalString(s3, "kmsKeyId", `${path}.kmsKeyId`);
  if (kmsKeyId !== undefined) violations.push(...stringViolations(kmsKeyId, `${path}.kmsKeyId`, KMS_KEY_ID));
  const bucketOwner = optionalString(s3, "bucketOwner", `${path}.bucketOwner`);
  if (bucketOwner !== undefined)
    violations.push(...stringViolations(bucketOwner, `${path}.bucketOwner`, ACCOUNT_ID));
  return {
    s3Uri: s3Uri ?? "",
    ...(kmsKeyId !== undefined ? { kmsKeyId } : {}),
    ...(bucketOwner !== undefined ? { bucketOwner } : {}),
  };
}

function readTags(body: JsonObject, violations: ConstraintViolation[]): AsyncInvokeTag[] | undefined {
  if (body.tags === undefined || body.tags === null) return undefined;
  if (!Array.isArray(body.tags)) throw typeError("tags", "a list");
  if (body.tags.length > MAX_TAGS)
    violations.push({
      path: "tags",
      value: undefined,
      constraint: `Member must have length less than or equal to ${MAX_TAGS}`,
    });
  return body.tags.map((entry, index) => {
    const path = `tags.${index + 1}.member`;
    const tag = optionalObject(entry, path);
    if (!tag) {
      violations.push({ path, value: null, constraint: NOT_NULL });
      return { key: "", value: "" };
    }
    const key = optionalString(tag, "key", `${path}.key`);
    const value = optionalString(tag, "value", `${path}.value`);
    if (key === undefined) violations.push({ path: `${path}.key`, value: null, constraint: NOT_NULL });
    else violations.push(...stringViolations(key, `${path}.key`, TAG_KEY));
    if (value === undefined) violations.push({ path: `${path}.value`, value: null, constraint: NOT_NULL });
    else violations.push(...stringViolations(value, `${path}.value`, TAG_VALUE));
    return { key: key ?? "", value: value ?? "" };
  });
}

function stringViolations(value: string, path: string, rule: StringRule): ConstraintViolation[] {
  const violations: ConstraintViolation[] = [];
  if (rule.pattern !== undefined && !new RegExp(`^(?:${rule.pattern})$`).test(value))
    violations.push({
      path,
      value,
      constraint: `Member must satisfy regular expression pattern: ${rule.pattern}`,
    });
  if (rule.min !== undefined && value.length < rule.min)
    violations.push({
      path,
      value,
      constraint:
        rule.min === 1 ? MIN_LENGTH_1 : `Member must have length greater than or equal to ${rule.min}`,
    });
  if (rule.max !== undefined && value.length > rule.max)
    violations.push({ path, value, constraint: `Member must have length less than or equal to ${rule.max}` });
  return violations;
}

function optionalString(holder: JsonObject, key: string, path: string): string | undefined {
  const value = holder[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw typeError(path, "a string");
  return value;
}

function optionalObject(value: unknown, path: string): JsonObject | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) throw typeError(path, "an object");
  return value as JsonObject;
}

function typeError(path: string, expected: string): AwsError {
  return new AwsError("SerializationException", `'${path}' must be ${expected}.`);
}
