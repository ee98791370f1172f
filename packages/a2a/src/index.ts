// @lode/a2a's public surface: the server side (serveA2A) and the client side (a2aAgent).

export { type A2AAgent, type A2ARunOptions, a2aAgent } from "./client/a2a-agent.js";
export type { A2AAgentOptions } from "./client/remote-connection.js";
export type { RemoteStream } from "./client/remote-stream.js";
export type { RemoteToolOptions } from "./client/remote-tool.js";
export { type RedisCommands, RedisTaskStore, type RedisTaskStoreOptions } from "./server/redis-task-store.js";
export { serveA2A } from "./server/serve-a2a.js";
export type {
  A2AInterrupt,
  A2ASecurityScheme,
  A2AServer,
  A2ASkill,
  GraphRunLike,
  InboundMessage,
  ServableGraph,
  ServeA2AOptions,
} from "./server/serve-options.js";
