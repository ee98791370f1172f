import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const exampleDir = fileURLToPath(new URL("..", import.meta.url));
let child: ChildProcess | undefined;

/** Stops the command's whole process group (pnpm, tsx and node), which it leads. */
async function stopChild(): Promise<void> {
  const running = child;
  if (!running?.pid || running.exitCode !== null || running.signalCode !== null) return;
  const exited = new Promise((resolve) => running.once("exit", resolve));
  process.kill(-running.pid, "SIGTERM");
  await exited;
}

afterAll(stopChild, 20_000);

/** Starts `pnpm start` as a person would and resolves with the URL it prints. */
function startCommand(): Promise<string> {
  const env = { ...process.env, PORT: "0", AWS_ACCESS_KEY_ID: "", AWS_PROFILE: "", LODE_MODEL_ID: "" };
  const started = spawn("pnpm", ["--silent", "start"], { cwd: exampleDir, env, detached: true });
  child = started;
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`no listening line within 25 s:\n${output}`)), 25_000);
    started.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    started.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /chat-ui listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    started.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the command exited with ${code} before listening:\n${output}`));
    });
  });
}

describe("the chat-ui command", () => {
  it("serves the page and its bundled script", { timeout: 30_000 }, async () => {
    const url = await startCommand();

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

    await stopChild();
    expect(child?.exitCode ?? child?.signalCode).not.toBeNull();
  });
});
