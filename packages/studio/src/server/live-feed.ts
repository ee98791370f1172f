import type { LiveUpdate } from "../protocol/api.js";
import type { RunStore } from "../store/run-store.js";
import type { EventStream } from "./event-stream.js";

/** The least time between two updates of one run: a streaming run changes far more often than a page redraws. */
const RUN_UPDATE_MS = 100;

/**
 * Sends the store's changes to every open `/api/live` stream, each run's at most every 100 ms (its latest
 * summary then); `cleared` goes out at once.
 */
export class LiveFeed {
  readonly #streams = new Set<EventStream>();
  readonly #lastSent = new Map<string, number>();
  readonly #waiting = new Map<string, NodeJS.Timeout>();
  readonly #stop: () => void;

  constructor(private readonly store: RunStore) {
    this.#stop = store.onChange((update) => this.#changed(update));
  }

  add(stream: EventStream): void {
    this.#streams.add(stream);
    void stream.closed.then(() => this.#streams.delete(stream));
  }

  close(): void {
    this.#stop();
    for (const timer of this.#waiting.values()) clearTimeout(timer);
    this.#waiting.clear();
    for (const stream of this.#streams) stream.close();
    this.#streams.clear();
  }

  #changed(update: LiveUpdate): void {
    if (update.type === "cleared") {
      for (const timer of this.#waiting.values()) clearTimeout(timer);
      this.#waiting.clear();
      this.#lastSent.clear();
      this.#broadcast(update);
      return;
    }
    const id = update.run.id;
    if (this.#streams.size === 0 || this.#waiting.has(id)) return;
    const wait = (this.#lastSent.get(id) ?? Number.NEGATIVE_INFINITY) + RUN_UPDATE_MS - Date.now();
    if (wait <= 0) {
      this.#sendRun(id);
      return;
    }
    const timer = setTimeout(() => {
      this.#waiting.delete(id);
      this.#sendRun(id);
    }, wait);
    timer.unref();
    this.#waiting.set(id, timer);
  }

  #sendRun(id: string): void {
    this.#lastSent.set(id, Date.now());
    // Only recent runs are throttled: the map forgets the rest, so it stays as small as the live runs.
    if (this.#lastSent.size > 1000) {
      for (const [key, at] of this.#lastSent) if (Date.now() - at > RUN_UPDATE_MS) this.#lastSent.delete(key);
    }
    const run = this.store.summary(id);
    if (run) this.#broadcast({ type: "run", run });
  }

  #broadcast(update: LiveUpdate): void {
    for (const stream of this.#streams) stream.send(update);
  }
}
