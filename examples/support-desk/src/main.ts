import { createInterface } from "node:readline/promises";
import {
  type AgentUsage,
  type ApprovalDecision,
  type ApprovalRequest,
  InMemoryConversationStore,
  LodeError,
} from "@lode/core";
import { createDesk } from "./desk-agents.js";
import { openModelBackend } from "./model-backend.js";
import {
  addUsageByAgent,
  createEventRenderer,
  type Styles,
  terminalStyles,
  usageTable,
} from "./render-events.js";

/** What the customer says, in order; every message goes to `triage` and the session sends it on. */
export const CONVERSATION = [
  "I was charged twice for invoice INV-1042. Can I get my money back?",
  "Thanks! Also, the app shows error E42 whenever I sync. What does that mean?",
];
const SESSION_ID = "desk-demo";

/** Failures that mean Amazon Bedrock is not set up on this machine, rather than a failed run. */
const SETUP_FAILURES = new Set(["missing-credentials", "missing-region", "endpoint-unreachable"]);

async function main(): Promise<void> {
  const styles = terminalStyles(Boolean(process.stdout.isTTY) && !process.env.NO_COLOR);
  const write = (text: string) => process.stdout.write(text);
  const backend = await openModelBackend();
  write(styles.dim(`${backend.description}\n`));
  const desk = createDesk({
    models: backend.models,
    store: new InMemoryConversationStore(),
    ...(backend.client ? { client: backend.client } : {}),
    ...(backend.billingGuardrail ? { billingGuardrail: backend.billingGuardrail } : {}),
  });
  const usage: AgentUsage[][] = [];
  const render = createEventRenderer(write, styles);
  try {
    for (const message of CONVERSATION) {
      write(`\n${styles.bold("you:")} ${message}\n`);
      let stream = desk.triage.stream(message, { sessionId: SESSION_ID });
      for (;;) {
        for await (const event of stream) render(event);
        const result = await stream.result;
        usage.push(result.usageByAgent);
        if (result.stopReason !== "awaiting_approval") break;
        // The run has ended; the session keeps the waiting calls. A later run brings the decisions (in a
        // web app, another request) and goes on with the agent that asked: the session is still with it.
        const decisions: ApprovalDecision[] = [];
        for (const request of result.pendingApprovals) decisions.push(await decide(request, write, styles));
        stream = desk.triage.stream({ decisions }, { sessionId: SESSION_ID });
      }
    }
    write(`\n${usageTable(addUsageByAgent(usage), styles)}`);
  } finally {
    await backend.close();
  }
}

/**
 * A person's decision on a waiting call: DESK_APPROVE=yes or no when set; otherwise asked at a terminal,
 * and approved when the input is not one (CI, a test), so the demo runs unattended.
 */
async function decide(
  request: ApprovalRequest,
  write: (text: string) => void,
  styles: Styles,
): Promise<ApprovalDecision> {
  const question = `approve ${request.toolName} ${JSON.stringify(request.input)}? [Y/n] `;
  const preset = process.env.DESK_APPROVE?.trim().toLowerCase();
  let answer: string;
  if (preset) {
    answer = preset;
    write(`${styles.bold(question)}${answer} ${styles.dim("(DESK_APPROVE)")}\n`);
  } else if (process.stdin.isTTY) {
    const terminal = createInterface({ input: process.stdin, output: process.stdout });
    answer = (await terminal.question(styles.bold(question))).trim().toLowerCase() || "yes";
    terminal.close();
  } else {
    answer = "yes";
    write(
      `${styles.bold(question)}yes ${styles.dim("(not a terminal: approved; DESK_APPROVE=no denies)")}\n`,
    );
  }
  return /^(y|yes)$/.test(answer)
    ? { toolUseId: request.toolUseId, approved: true }
    : { toolUseId: request.toolUseId, approved: false, reason: "A person declined the refund." };
}

main().catch((error: unknown) => {
  const message = LodeError.isInstance(error) ? `${error.code}: ${error.message}` : String(error);
  process.stderr.write(`\nThe desk failed: ${message}\n`);
  if (LodeError.isInstance(error) && SETUP_FAILURES.has(error.code)) {
    process.stderr.write(
      "LODE_MODEL_ID is set, so the desk calls Amazon Bedrock; unset it for the scripted demo.\n",
    );
  }
  process.exitCode = 1;
});
