import type { StepUsage } from "@lode/core";
import type { Attributes, Histogram, Meter } from "@opentelemetry/api";
import { ATTR } from "./attributes.js";
import { inputTokensOf } from "./usage-attributes.js";

/** The conventions' advised bucket boundaries for `gen_ai.client.token.usage`, in tokens. */
const TOKEN_BUCKETS = [
  1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
];

/** The conventions' advised bucket boundaries for `gen_ai.client.operation.duration`, in seconds. */
const DURATION_BUCKETS = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
];

/** The two GenAI client histograms, made once per instrumentation. */
export class GenAiMetrics {
  private readonly tokens: Histogram;
  private readonly duration: Histogram;

  constructor(meter: Meter) {
    this.tokens = meter.createHistogram("gen_ai.client.token.usage", {
      description: "Number of input and output tokens used.",
      unit: "{token}",
      advice: { explicitBucketBoundaries: TOKEN_BUCKETS },
    });
    this.duration = meter.createHistogram("gen_ai.client.operation.duration", {
      description: "GenAI operation duration.",
      unit: "s",
      advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    });
  }

  /** One model call's tokens: its input (cached tokens included) and its output. */
  recordTokens(usage: StepUsage, attributes: Attributes): void {
    this.tokens.record(inputTokensOf(usage), { ...attributes, [ATTR.tokenType]: "input" });
    this.tokens.record(usage.outputTokens, { ...attributes, [ATTR.tokenType]: "output" });
  }

  /** One operation's duration (a model call, or a whole run); `error.type` among the attributes if it failed. */
  recordDuration(seconds: number, attributes: Attributes): void {
    this.duration.record(seconds, attributes);
  }
}
