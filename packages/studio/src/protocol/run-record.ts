import type { ConverseStreamRequest, Message, ToolResultContentBlock } from "@aws-sdk/client-bedrock-runtime";
import type {
  AgentPath,
  ApprovalRequest,
  Cost,
  GuardrailIntervention,
  ModelStopReason,
  ParentRun,
  StepUsage,
  ToolResultStatus,
} from "@lode/core";
import type { ReportedError } from "./reports.js";

/** Where a run stands. */
export type RunStatus =
  | "running"
  /** Ended normally (any stop reason but waiting: `end_turn`, `max_steps`, `max_handoffs`…). */
  | "done"
  /** Ended with calls waiting for a person. */
  | "awaiting_approval"
  /** A graph run waiting (an approval inside a node, an interrupt). */
  | "paused"
  | "failed";

/** A run as the list shows it: small, one per row. */
export interface RunSummary {
  id: string;
  kind: "agent" | "graph";
  /** The agent's name (`"agent"` without one) or the graph's. */
  name: string;
  agentPath: AgentPath;
  /** Set on a sub-agent's run (its caller's run and tool call) or a graph's agent node's. */
  parent?: ParentRun;
  sessionId?: string;
  modelId?: string;
  /** The reporting process. */
  clientId: string;
  status: RunStatus;
  /** The run's stop reason, once it ended (`end_turn`, `awaiting_approval`, `max_steps`…; a graph's status). */
  stopReason?: string;
  startedAt: number;
  endedAt?: number;
  /** Model calls made (steps), retries included once each. */
  modelCalls: number;
  toolCalls: number;
  usage: StepUsage;
  /** Undefined when the agent has no price for its model. */
  cost?: Cost;
  /** The error that failed the run, or the first failed model call's. */
  error?: ReportedError;
  /** The first user text of the run's input, shortened (for the list); absent when content capture is off. */
  preview?: string;
  /** Set on a run the studio started as a re-run of another. */
  rerunOf?: string;
  /** The run whose waiting calls this one decided (its `run-start` event's `resumes`). */
  resumes?: string;
  /** The run that decided this one's waiting calls, once it started. */
  resumedBy?: string;
  /** Calls waiting for a person, and whether the studio can send the decision (the process still listens). */
  waiting: number;
  resumable: boolean;
}

/** One model call of a run. */
export interface StepRecord {
  step: number;
  /** The agent that spoke at this step (after a handoff, the target). */
  agentPath: AgentPath;
  modelId: string;
  startedAt: number;
  /** When the first chunk of the (last) attempt's stream arrived. */
  firstChunkAt?: number;
  endedAt?: number;
  /** The exact request sent to Bedrock (ConverseStream's input); absent when content capture is off. */
  request?: ConverseStreamRequest;
  retries: { at: number; attempt: number; delayMs: number; code: string; message: string }[];
  /** Bedrock's answer, once it came. */
  answer?: {
    message: Message;
    stopReason: ModelStopReason;
    usage: StepUsage;
    requestId?: string;
  };
  /** The step's cost from the run's prices, when it has them. */
  cost?: Cost;
  error?: ReportedError;
  /** The guardrail's findings during this step (the model's answer, or a tool call's check). */
  guardrail: GuardrailIntervention[];
}

/** One tool call of a run, with its timing (parallel calls overlap). */
export interface ToolCallView {
  step: number;
  toolUseId: string;
  toolName: string;
  agentPath: AgentPath;
  input: unknown;
  startedAt: number;
  endedAt?: number;
  status?: ToolResultStatus | "pending";
  content?: ToolResultContentBlock[];
  /** The sub-agent's or sub-graph's run this call ran, when it ran one. */
  childRunId?: string;
}

/** Something a run reported that the timeline marks: a handoff, an approval asked or decided, a warning. */
export type RunMark =
  | { kind: "handoff"; at: number; step: number; from: string; to: string; reason?: string }
  | { kind: "approval-requested"; at: number; step: number; toolUseId: string; toolName: string }
  | {
      kind: "approval-decided";
      at: number;
      step: number;
      toolUseId: string;
      approved: boolean;
      reason?: string;
      decidedBy: string;
    }
  | { kind: "warning"; at: number; step: number; source: string; message: string };

/** A graph run's drawing and each task's status. */
export interface GraphView {
  /** `toMermaid()`'s flowchart. */
  mermaid: string;
  tasks: {
    taskId: string;
    node: string;
    step: number;
    status: "running" | "done" | "paused";
    startedAt: number;
    endedAt?: number;
  }[];
}

/** Everything the studio keeps of one run: what a run's page shows. */
export interface RunRecord extends RunSummary {
  input: Message[];
  /** The run's final text, once it ended. */
  text?: string;
  steps: StepRecord[];
  calls: ToolCallView[];
  marks: RunMark[];
  /** The calls waiting for a person (with their input) when the run ended awaiting approval. */
  pendingApprovals: ApprovalRequest[];
  /** Sub-agents' runs (and a graph's agent nodes' runs) started inside this one, in order. */
  children: string[];
  graph?: GraphView;
}
