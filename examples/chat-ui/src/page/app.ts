import type { ApprovalDecision } from "@lode/core/client";
import { streamAgent } from "@lode/core/client";
import { researchQuestionOf } from "../research-command.js";
import { type AssistantTurn, createAssistantTurn } from "./assistant-turn.js";
import { el, find } from "./dom.js";
import { createGraphTurn, type GraphTurn } from "./graph-turn.js";
import { streamUIMessage } from "./read-ui-message-stream.js";

interface ServerInfo {
  backend: string;
  modelId: string;
  description: string;
  suggestions: string[];
}

const messages = find(document, '[data-testid="messages"]');
const scroller = find(document, '[data-testid="scroller"]');
const emptyState = find(document, '[data-testid="empty-state"]');
const form = find<HTMLFormElement>(document, '[data-testid="composer"]');
const input = find<HTMLTextAreaElement>(document, '[data-testid="input"]');
const sendButton = find<HTMLButtonElement>(document, '[data-testid="send"]');
const stopButton = find<HTMLButtonElement>(document, '[data-testid="stop"]');

/** The conversation lives on the server under this id; a new chat gets a new one. */
let sessionId = crypto.randomUUID();
let active: AbortController | undefined;
/** The request streaming now (or the last one): decisions made while it closes wait for it. */
let streaming: Promise<void> = Promise.resolve();
/** The last turn, while its calls wait for the person's decisions. */
let waitingTurn: AssistantTurn | undefined;
/** Follow the answer as it grows, unless the person scrolled up to read. */
let followOutput = true;
let lastScrollTop = 0;

// Only the person scrolling up stops the following: content that grew between our scroll and its event
// (a card, a wrapped line on a narrow screen) leaves the view short of the bottom without anyone moving.
scroller.addEventListener("scroll", () => {
  const fromBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight;
  if (fromBottom < 48) followOutput = true;
  else if (scroller.scrollTop < lastScrollTop) followOutput = false;
  lastScrollTop = scroller.scrollTop;
});

function keepScrolled(): void {
  if (!followOutput) return;
  scroller.scrollTop = scroller.scrollHeight;
  lastScrollTop = scroller.scrollTop;
}

// Whatever changes size (an answer growing, a panel opened, the composer growing) keeps the view there.
new ResizeObserver(keepScrolled).observe(messages);
new ResizeObserver(keepScrolled).observe(scroller);

function setBusy(busy: boolean): void {
  document.body.dataset.busy = String(busy);
  sendButton.hidden = busy;
  stopButton.hidden = !busy;
  updateSendEnabled();
}

function updateSendEnabled(): void {
  sendButton.disabled = active !== undefined || input.value.trim() === "";
}

function fitInput(): void {
  input.style.height = "auto";
  input.style.height = `${Math.min(input.scrollHeight, 200)}px`;
}

async function send(text: string): Promise<void> {
  const message = text.trim();
  if (active || !message) return;
  emptyState.hidden = true;
  input.value = "";
  fitInput();
  if (researchQuestionOf(message) !== undefined) return research(message);
  // A message instead of decisions: Lode denies the waiting calls in this message's run.
  const superseded = waitingTurn;
  waitingTurn = undefined;
  superseded?.supersede();
  appendUserMessage(message);
  const turn = createAssistantTurn({
    onChange: keepScrolled,
    onDecisions: (decisions) => void sendDecisions(turn, decisions),
  });
  messages.append(turn.element);
  followOutput = true;
  keepScrolled();
  await streamInto(turn, { message, sessionId }, superseded);
}

/**
 * A `/research …` message: the server runs the research graph and answers with its UI message stream. It
 * leaves the agent's conversation alone, so calls waiting for approval still wait.
 */
async function research(message: string): Promise<void> {
  appendUserMessage(message);
  const turn = createGraphTurn({ onChange: keepScrolled });
  messages.append(turn.element);
  followOutput = true;
  keepScrolled();
  await track(turn, async (signal) => {
    for await (const chunk of streamUIMessage("/api/chat", { message, sessionId }, { signal }))
      turn.handle(chunk);
  });
}

function appendUserMessage(message: string): void {
  messages.append(
    el("article", { class: "turn user", testid: "user-message" }, el("div", { class: "bubble" }, message)),
  );
}

/** Every call `turn` left waiting has a decision: the run that acts on them goes on in the same turn. */
async function sendDecisions(turn: AssistantTurn, decisions: ApprovalDecision[]): Promise<void> {
  // The last decision can come while the paused run's response is still closing: the session is busy.
  await streaming;
  // New chat, or a new message, since: those calls are no longer waiting.
  if (active || turn !== waitingTurn) return;
  waitingTurn = undefined;
  turn.resume();
  await streamInto(turn, { decisions, sessionId });
}

/**
 * POSTs `body` and renders the run's events into `turn`; what the run reports of calls a new message
 * superseded goes to their cards in `superseded`.
 */
function streamInto(
  turn: AssistantTurn,
  body: { message: string; sessionId: string } | { decisions: ApprovalDecision[]; sessionId: string },
  superseded?: AssistantTurn,
): Promise<void> {
  return track(
    turn,
    async (signal) => {
      for await (const event of streamAgent("/api/chat", body, { signal })) {
        if (!superseded?.answerSupersededCall(event)) turn.handle(event);
      }
    },
    () => {
      if (turn.status === "awaiting-approval") waitingTurn = turn;
    },
  );
}

/** Runs `read` (a request streaming into `turn`) as the page's active request, which Stop aborts. */
function track(
  turn: AssistantTurn | GraphTurn,
  read: (signal: AbortSignal) => Promise<void>,
  after?: () => void,
): Promise<void> {
  const controller = new AbortController();
  active = controller;
  setBusy(true);
  streaming = (async () => {
    try {
      await read(controller.signal);
      if (!turn.ended) turn.finish("failed", "The connection closed before the answer was complete.");
    } catch (error) {
      if (controller.signal.aborted) turn.finish("aborted");
      else turn.finish("failed", `The answer could not be completed: ${describeError(error)}`);
    } finally {
      active = undefined;
      after?.();
      setBusy(false);
      input.focus();
    }
  })();
  return streaming;
}

function stop(): void {
  active?.abort();
}

function newChat(): void {
  stop();
  sessionId = crypto.randomUUID();
  waitingTurn = undefined;
  for (const turn of messages.querySelectorAll(".turn")) turn.remove();
  emptyState.hidden = false;
  input.focus();
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function showServerInfo(): Promise<void> {
  try {
    const response = await fetch("/api/info");
    if (!response.ok) return;
    const info = (await response.json()) as ServerInfo;
    const badge = find(document, '[data-testid="backend"]');
    badge.textContent =
      info.backend === "bedrock" ? `Amazon Bedrock · ${info.modelId}` : "bedrock-local · scripted demo";
    badge.title = info.description;
    badge.dataset.backend = info.backend;
    const suggestions = find(document, '[data-testid="suggestions"]');
    for (const suggestion of info.suggestions) {
      const chip = el("button", { type: "button", class: "chip", testid: "suggestion" }, suggestion);
      chip.addEventListener("click", () => void send(suggestion));
      suggestions.append(chip);
    }
  } catch {
    // The page works without the badge and the suggestions.
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  void send(input.value);
});
input.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    form.requestSubmit();
  }
});
input.addEventListener("input", () => {
  fitInput();
  updateSendEnabled();
});
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && active) stop();
});
stopButton.addEventListener("click", stop);
find(document, '[data-testid="new-chat"]').addEventListener("click", newChat);

setBusy(false);
void showServerInfo();
input.focus();
