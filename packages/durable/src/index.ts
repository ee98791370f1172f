export type { DurableConnection } from "./connection.js";
export type {
  DurableGraph,
  DurableGraphCheckpoint,
  DurableGraphRunOptions,
  DurableRunEvent,
  GraphNodeRun,
  GraphRunEvent,
  GraphRunEventBase,
  GraphRunResult,
} from "./durable-graph.js";
export { RunKeys } from "./keys.js";
export { RedisCheckpoints } from "./redis-checkpoints.js";
export { RedisGraphCheckpoints } from "./redis-graph-checkpoints.js";
export { RedisRunEvents, type RunStreamEntry, type RunStreamItem } from "./run-events.js";
export {
  encodeRunStreamItem,
  pipeRunEventsToNodeResponse,
  runEventsSseResponse,
  runEventsSseStream,
} from "./run-events-sse.js";
export { isFenced, RunFence } from "./run-fence.js";
export type {
  AgentRunJobData,
  EnqueueAgentRun,
  EnqueueGraphRun,
  EnqueueRun,
  GraphRunJobData,
  RunJobData,
} from "./run-job.js";
export { RunQueue, type RunQueueOptions } from "./run-queue.js";
export { type RunWorker, type RunWorkerOptions, startRunWorker } from "./run-worker.js";
export { READER_CONNECTION_NAME, SharedStreamReader } from "./shared-stream-reader.js";
