import type {
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
    const { runId, agentName, agentDescription, agentPath, parent, modelId, sessionId } = run;
    watcher = instrumentation.startRun({
      runId,
      agentName,
      agentDescription,
      agentPath,
      parent,
      modelId,
      sessionId,
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
