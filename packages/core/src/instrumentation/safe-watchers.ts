import type {
  GraphRunStart,
  GraphRunWatcher,
  ModelCallWatcher,
  RunInstrumentation,
  RunStart,
  RunWatcher,
} from "../contracts/instrumentation.js";

/**
 * The run's watcher, made harmless: a method that throws is ignored (tracing must never fail a run), and
 * wrapping falls back to the plain call when the wrapper itself throws before calling it.
 */
export function startWatching(
  instrumentation: RunInstrumentation | undefined,
  run: RunStart,
): RunWatcher | undefined {
  if (!instrumentation) return undefined;
  let watcher: RunWatcher;
  try {
    // Its own object: the instrumentation gets these facts, not whatever object carried them.
    const { runId, agentName, agentDescription, agentPath, parent, modelId, sessionId, sendDecisions } = run;
    watcher = instrumentation.startRun({
      runId,
      agentName,
      agentDescription,
      agentPath,
      parent,
      modelId,
      sessionId,
      ...(sendDecisions ? { sendDecisions } : {}),
    });
  } catch {
    return undefined;
  }
  return {
    modelCall: (call) => safeModelCall(() => watcher.modelCall(call)),
    toolCall: (call, run) => wrapped((inner) => watcher.toolCall(call, inner), run),
    event: (event) => quietly(() => watcher.event(event)),
    warnings: warningsOf(watcher),
  };
}

/** The watcher's warnings, as plain `{ source, message }` pairs; none when reading them throws. */
function warningsOf(watcher: RunWatcher): { source: string; message: string }[] {
  try {
    return (watcher.warnings ?? []).flatMap(({ source, message }) =>
      typeof source === "string" && typeof message === "string" ? [{ source, message }] : [],
    );
  } catch {
    return [];
  }
}

/** A graph run's watcher, made harmless like a run's: none when the instrumentation watches no graphs. */
export function startWatchingGraph(
  instrumentation: RunInstrumentation | undefined,
  graph: GraphRunStart,
): GraphRunWatcher | undefined {
  let watcher: GraphRunWatcher | undefined;
  try {
    watcher = instrumentation?.startGraph?.({ ...graph });
  } catch {
    return undefined;
  }
  if (!watcher) return undefined;
  const started = watcher;
  return { event: (progress) => quietly(() => started.event(progress)) };
}

function safeModelCall(start: () => ModelCallWatcher): ModelCallWatcher {
  let watcher: ModelCallWatcher | undefined;
  try {
    watcher = start();
  } catch {
    watcher = undefined;
  }
  return {
    send: (send) => (watcher ? wrapped((inner) => (watcher as ModelCallWatcher).send(inner), send) : send()),
    firstChunk: () => quietly(() => watcher?.firstChunk()),
    retry: (retry) => quietly(() => watcher?.retry(retry)),
    end: (outcome) => quietly(() => watcher?.end(outcome)),
  };
}

/**
 * `wrap(work)`; when the wrapper throws, the work's own outcome instead: `work()` itself if the wrapper never
 * ran it, else what the one run of it settled to (its value or its own error, never the wrapper's).
 */
async function wrapped<T>(wrap: (work: () => Promise<T>) => Promise<T>, work: () => Promise<T>): Promise<T> {
  let running: Promise<T> | undefined;
  const inner = () => {
    running ??= work();
    return running;
  };
  try {
    return await wrap(inner);
  } catch {
    return inner();
  }
}

function quietly(work: () => void): void {
  try {
    work();
  } catch {
    // an instrumentation's own failure is not the run's
  }
}
