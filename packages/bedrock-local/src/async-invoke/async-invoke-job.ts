import type { JsonObject } from "../models/model-turn.js";

/** The states an asynchronous invocation passes through: InProgress, then Completed or Failed. */
export type AsyncInvokeStatus = "InProgress" | "Completed" | "Failed";

export const ASYNC_INVOKE_STATUSES: readonly AsyncInvokeStatus[] = ["InProgress", "Completed", "Failed"];

/** `outputDataConfig.s3OutputDataConfig`, as the request gave it. */
export interface S3OutputDataConfig {
  s3Uri: string;
  kmsKeyId?: string;
  bucketOwner?: string;
}

export interface AsyncInvokeTag {
  key: string;
  value: string;
}

/** A StartAsyncInvoke request that passed validation. */
export interface StartAsyncInvokeRequest {
  clientRequestToken?: string;
  modelId: string;
  modelInput: unknown;
  s3OutputDataConfig: S3OutputDataConfig;
  tags?: AsyncInvokeTag[];
}

/** One invocation the server keeps, from submission to its end. */
export interface AsyncInvokeJob {
  invocationArn: string;
  /** The last segment of the ARN: the folder the output goes to. */
  invocationId: string;
  /** Order of submission; breaks ties between jobs submitted in the same millisecond. */
  sequence: number;
  modelId: string;
  modelArn: string;
  clientRequestToken: string;
  modelInput: unknown;
  s3OutputDataConfig: S3OutputDataConfig;
  tags: AsyncInvokeTag[];
  status: AsyncInvokeStatus;
  failureMessage?: string;
  submitTime: Date;
  lastModifiedTime: Date;
  endTime?: Date;
}

/** A job as GetAsyncInvoke returns it (ListAsyncInvokes' summaries carry the same fields). */
export function describeJob(job: AsyncInvokeJob): JsonObject {
  return {
    invocationArn: job.invocationArn,
    modelArn: job.modelArn,
    clientRequestToken: job.clientRequestToken,
    status: job.status,
    ...(job.failureMessage !== undefined ? { failureMessage: job.failureMessage } : {}),
    submitTime: job.submitTime.toISOString(),
    lastModifiedTime: job.lastModifiedTime.toISOString(),
    ...(job.endTime ? { endTime: job.endTime.toISOString() } : {}),
    outputDataConfig: { s3OutputDataConfig: { ...job.s3OutputDataConfig } },
  };
}
