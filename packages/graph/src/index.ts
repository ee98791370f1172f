export { Graph, type GraphResumeInput, type GraphRunOptions } from "./graph.js";
export { GraphBuilder, type GraphOptions, graph } from "./graph-builder.js";
export {
  type GraphCheckpoint,
  type GraphCheckpointer,
  PAUSED_GRAPH_KEY,
  type TaskWrite,
} from "./graph-checkpoint.js";
export type { GraphEvent, GraphEventBase, GraphOwnEvent } from "./graph-events.js";
export type { GraphInterrupt, GraphResult, GraphStatus, NodeRecord } from "./graph-result.js";
export { END, type GraphEdge, type GraphShape, START, type TaskSpec } from "./graph-shape.js";
export type { GraphStream } from "./graph-stream.js";
export {
  type AgentLike,
  type AgentNodeOptions,
  type AgentNodeRunOptions,
  agentNode,
  type GraphNode,
  type GraphNodeOptions,
  graphNode,
  type NodeContext,
  type NodeFunction,
  type SubGraph,
} from "./nodes.js";
export type { AgentCheckpoints } from "./run-task.js";
export { append, merge, type Reducer, type Reducers, type StateSchema } from "./state.js";
export {
  type GraphUIMessageChunk,
  toGraphUIMessageStream,
  toGraphUIMessageStreamResponse,
  type UINodeData,
} from "./ui-message-stream.js";
