/**
 * Measurements that need a process of their own, one per runner: memory per idle session (a clean heap,
 * and `--expose-gc`, which the plain `node` that run-all starts lacks) and the 200 KB tool input (a runner
 * whose JSON parsing is quadratic can then be stopped at its time cap, instead of burning CPU under the
 * next runner's figures). The parent forks this same script with {@link CHILD_FLAG}.
 */
import { type ChildProcess, fork } from "node:child_process";
import { BIG_TOOL_INPUT_TASK, type PeerRunner, WEATHER_TASK } from "./job.js";
import { peerAt } from "./peer-list.js";
import { SETTINGS } from "./settings.js";

export const CHILD_FLAG = "--peers-child";

type ChildRequest =
  | { type: "memory"; sessions: number; concurrency: number }
  | { type: "in-flight"; endpoint: string; runs: number; holdMs: number }
  | { type: "big-input" };
type ChildReply =
  | { type: "ready" }
  | { type: "memory"; bytesPerSession: number }
  | { type: "in-flight"; bytesPerRun: number }
  | { type: "big-input"; ms: number }
  | { type: "error"; message: string };

/** Heap growth per finished conversation kept, after full collections before and after. */
async function bytesPerSession(runner: PeerRunner, sessions: number, concurrency: number): Promise<number> {
  const gc = globalThis.gc;
  if (!gc) throw new Error("peer child started without --expose-gc");
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept: unknown[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < sessions) {
        const id = next++;
        kept[id] = await runner.keepSession(WEATHER_TASK, `session-${id}`);
      }
    }),
  );
  gc();
  gc();
  const after = process.memoryUsage().heapUsed;
  if (kept.length !== sessions) throw new Error("sessions were lost"); // also keeps `kept` alive to here
  return (after - before) / sessions;
}

/**
 * Heap held per run in flight: `runs` jobs started at once against a bedrock-local that holds every answer
 * `holdMs`, the heap read (after full collections) halfway through that wait, when every run is waiting on its
 * first model call, against the heap before they started.
 */
async function bytesPerRunInFlight(runner: PeerRunner, runs: number, holdMs: number): Promise<number> {
  const gc = globalThis.gc;
  if (!gc) throw new Error("peer child started without --expose-gc");
  for (let i = 0; i < 3; i++) await runner.run(WEATHER_TASK);
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const jobs = Array.from({ length: runs }, () => runner.run(WEATHER_TASK));
  await new Promise((resolve) => setTimeout(resolve, holdMs / 2));
  gc();
  gc();
  const during = process.memoryUsage().heapUsed;
  await Promise.all(jobs);
  return (during - before) / runs;
}

/** The child's side: set the runner up, warm it, then answer the parent's requests until it disconnects. */
export async function serveAsPeerChild(args: readonly string[]): Promise<void> {
  const [index, endpoint] = args;
  if (!process.send || index === undefined || endpoint === undefined)
    throw new Error("usage: --peers-child N URL");
  const send = (reply: ChildReply) => process.send?.(reply);
  const runner = peerAt(Number(index)).create(endpoint);
  for (let i = 0; i < SETTINGS.childWarmUpJobs; i++) await runner.run(WEATHER_TASK);
  process.on("message", async (request: ChildRequest) => {
    try {
      if (request.type === "memory") {
        send({
          type: "memory",
          bytesPerSession: await bytesPerSession(runner, request.sessions, request.concurrency),
        });
      } else if (request.type === "in-flight") {
        const held = peerAt(Number(index)).create(request.endpoint);
        try {
          send({
            type: "in-flight",
            bytesPerRun: await bytesPerRunInFlight(held, request.runs, request.holdMs),
          });
        } finally {
          await held.close();
        }
      } else {
        const started = performance.now();
        await runner.run(BIG_TOOL_INPUT_TASK);
        send({ type: "big-input", ms: performance.now() - started });
      }
    } catch (error) {
      send({
        type: "error",
        message: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
    }
  });
  process.once("disconnect", () => {
    void runner.close().finally(() => process.exit(0));
  });
  send({ type: "ready" });
}

/** The parent's handle on one forked runner. */
export class PeerChild {
  private constructor(private readonly child: ChildProcess) {}

  /** Forks this script as runner `index` against `endpoint` and waits until it is warm. */
  static async start(index: number, endpoint: string): Promise<PeerChild> {
    const script = process.argv[1];
    if (!script) throw new Error("cannot tell which script to fork");
    // process.execArgv carries tsx's loader when the bench runs from source instead of its bundle.
    const child = fork(script, [CHILD_FLAG, String(index), endpoint], {
      execArgv: [...process.execArgv, "--expose-gc"],
    });
    const peer = new PeerChild(child);
    await peer.reply(120_000);
    return peer;
  }

  /** Bytes of heap per idle session, over `sessions` finished conversations kept. */
  async bytesPerSession(sessions: number, concurrency: number): Promise<number> {
    const reply = await this.ask({ type: "memory", sessions, concurrency }, 120_000);
    if (reply?.type !== "memory") throw new Error("peer child: no memory figure");
    return reply.bytesPerSession;
  }

  /** Bytes of heap per run in flight, `runs` of them waiting on a bedrock-local at `endpoint` that holds answers `holdMs`. */
  async bytesPerRunInFlight(endpoint: string, runs: number, holdMs: number): Promise<number> {
    const reply = await this.ask({ type: "in-flight", endpoint, runs, holdMs }, 120_000);
    if (reply?.type !== "in-flight") throw new Error("peer child: no in-flight figure");
    return reply.bytesPerRun;
  }

  /** Ms of one 200 KB tool input job; undefined past `timeoutMs`, when the child is stopped. */
  async bigInputMs(timeoutMs: number): Promise<number | undefined> {
    const reply = await this.ask({ type: "big-input" }, timeoutMs);
    if (reply === undefined) return undefined;
    if (reply.type !== "big-input") throw new Error("peer child: no timing");
    return reply.ms;
  }

  private async ask(request: ChildRequest, timeoutMs: number): Promise<ChildReply | undefined> {
    this.child.send(request);
    try {
      return await this.reply(timeoutMs);
    } catch (error) {
      if (error instanceof ChildTimeout) {
        this.child.kill();
        return undefined;
      }
      throw error;
    }
  }

  /** Lets the child close its runner and exit. */
  stop(): void {
    if (this.child.connected) this.child.disconnect();
  }

  private reply(timeoutMs: number): Promise<ChildReply> {
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.child.off("message", onMessage);
        this.child.off("exit", onExit);
      };
      const onMessage = (reply: ChildReply) => {
        done();
        if (reply.type === "error") reject(new Error(`peer child: ${reply.message}`));
        else resolve(reply);
      };
      const onExit = (code: number | null) => {
        done();
        reject(new Error(`peer child exited with ${code}`));
      };
      const timer = setTimeout(() => {
        done();
        reject(new ChildTimeout());
      }, timeoutMs);
      this.child.on("message", onMessage);
      this.child.on("exit", onExit);
    });
  }
}

class ChildTimeout extends Error {}
