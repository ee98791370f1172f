import { type ChildProcess, spawn } from "node:child_process";
import { connect } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const exampleDir = fileURLToPath(new URL("..", import.meta.url));
const repoDir = fileURLToPath(new URL("../../..", import.meta.url));
const children: ChildProcess[] = [];

/** Stops a command's whole process group (pnpm, node), which it leads, even when it has exited itself. */
async function stopGroup(running: ChildProcess | undefined): Promise<void> {
  if (!running?.pid) return;
  const leaderRunning = running.exitCode === null && running.signalCode === null;
  const exited = leaderRunning ? new Promise((resolve) => running.once("exit", resolve)) : undefined;
  try {
    process.kill(-running.pid, "SIGTERM");
  } catch {
    // ESRCH: nothing of the group is left.
  }
  await exited;
}

afterAll(() => Promise.all(children.map(stopGroup)), 20_000);

/** Starts `command` as a person would and resolves with the URL it prints. */
function startCommand(
  command: string[],
  cwd: string,
): Promise<{ url: string; port: number; started: ChildProcess }> {
  const env = { ...process.env, PORT: "0", AWS_ACCESS_KEY_ID: "", AWS_PROFILE: "", LODE_MODEL_ID: "" };
  const [file = "pnpm", ...args] = command;
  // Its own process group, so that cleaning up can reach every process it started.
  const started = spawn(file, args, { cwd, env, detached: true });
  children.push(started);
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`no listening line within 25 s:\n${output}`)), 25_000);
    started.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    started.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /chat-ui listening on (http:\/\/127\.0\.0\.1:(\d+))\n/.exec(output);
      if (match?.[1] && match[2]) {
        clearTimeout(timer);
        resolve({ url: match[1], port: Number(match[2]), started });
      }
    });
    started.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the command exited with ${code} before listening:\n${output}`));
    });
  });
}

/** Whether something accepts connections on 127.0.0.1:`port`. */
function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

describe("the chat-ui command", () => {
  it("serves the page and its bundled script", { timeout: 30_000 }, async () => {
    const { url, started } = await startCommand(["pnpm", "--silent", "start"], exampleDir);

    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await page.text();
    expect(html).toContain('<script type="module" src="/app.js"></script>');
    expect(html).toContain('data-testid="messages"');

    const script = await fetch(`${url}/app.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    const js = await script.text();
    // Bundled for the browser: the client is inlined, nothing is left to resolve.
    expect(js).toContain("/api/chat");
    expect(js).not.toMatch(/^import .* from ["']@lode\//m);

    const styles = await fetch(`${url}/styles.css`);
    expect(styles.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect((await fetch(`${url}/nothing-here`)).status).toBe(404);

    await stopGroup(started);
    expect(started.exitCode ?? started.signalCode).not.toBeNull();
  });

  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`ends its server when \`pnpm chat\` alone gets ${signal}`, { timeout: 30_000 }, async () => {
      const { port, started } = await startCommand(["pnpm", "chat"], repoDir);
      expect(await isListening(port)).toBe(true);
      const exited = new Promise<{ code: number | null; by: NodeJS.Signals | null }>((resolve) =>
        started.once("exit", (code, by) => resolve({ code, by })),
      );

      // To pnpm only, as a process manager or `kill` sends it: not to the group, as a terminal's Ctrl+C does.
      started.kill(signal);

      // pnpm passes the signal on and exits 0 once the server has; on a loaded machine it can instead be
      // ended by the signal itself before its child answers. Either way it must end, and the server with it.
      const { code, by } = await exited;
      expect(code === 0 || by === signal).toBe(true);
      await expect.poll(() => isListening(port), { timeout: 5_000 }).toBe(false);
    });
  }
});
