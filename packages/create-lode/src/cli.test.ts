import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { type CliIo, runCli } from "./cli.js";

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), "create-lode-cli-"));
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

function fakeIo(options: { interactive?: boolean; answers?: string; userAgent?: string } = {}) {
  const stdin = new PassThrough();
  if (options.answers !== undefined) stdin.end(options.answers);
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const text = (stream: PassThrough) => () => String(stream.read() ?? "");
  const io: CliIo = {
    stdin,
    stdout,
    stderr,
    interactive: options.interactive ?? false,
    cwd,
    userAgent: options.userAgent,
  };
  return { io, out: text(stdout), err: text(stderr) };
}

const templateOf = (dir: string) =>
  (JSON.parse(readFileSync(join(cwd, dir, "package.json"), "utf8")) as { description: string }).description;

describe("runCli", () => {
  test("makes the agent template when no one is there to ask, and prints the next commands", async () => {
    const { io, out } = fakeIo();
    expect(await runCli(["my-agent"], io)).toBe(0);
    expect(templateOf("my-agent")).toMatch(/two tools/);
    const printed = out();
    expect(printed).toContain("cd my-agent\n");
    expect(printed).toContain("npm install && npm start");
  });

  test("asks for the template on a terminal, by number or name", async () => {
    const byNumber = fakeIo({ interactive: true, answers: "2\n" });
    expect(await runCli(["one"], byNumber.io)).toBe(0);
    expect(templateOf("one")).toMatch(/chat/i);
    const byName = fakeIo({ interactive: true, answers: "nope\ndurable\n" });
    expect(await runCli(["two"], byName.io)).toBe(0);
    const printed = byName.out();
    expect(printed).toContain('"nope" is none of them.');
    expect(templateOf("two")).toMatch(/durable/i);
    expect(printed).toContain("Both need Redis: REDIS_URL, default redis://127.0.0.1:6379.");
  });

  test("writes nothing when the terminal gives no answer", async () => {
    const { io, err } = fakeIo({ interactive: true, answers: "" });
    expect(await runCli(["three"], io)).toBe(1);
    expect(err()).toBe("create-lode: No template chosen; nothing was written.\n");
    expect(existsSync(join(cwd, "three"))).toBe(false);
  });

  test("says the next commands in the package manager's words", async () => {
    const { io, out } = fakeIo({ userAgent: "pnpm/10.34.9 npm/? node/v20.20.2 linux x64" });
    expect(await runCli(["p", "--template", "agent"], io)).toBe(0);
    expect(out()).toContain("pnpm install && pnpm test");
  });

  test.each([
    [["BadName"], /^create-lode: "BadName" cannot be an npm package name \(it has capital letters\)/],
    [
      ["x", "--template", "nope"],
      /^create-lode: Unknown template "nope": choose one of agent, chat, durable\.$/,
    ],
    [["x", "--packages", "missing"], /^create-lode: --packages missing: no such folder\.$/],
    [["x", "--bogus"], /^create-lode: Unknown option '--bogus'\. See create-lode --help\.$/],
  ])("exits 1 with one line on stderr for %j, writing nothing", async (argv, message) => {
    const { io, err, out } = fakeIo();
    expect(await runCli(argv, io)).toBe(1);
    const printed = err();
    expect(printed.trimEnd()).toMatch(message);
    expect(printed.trimEnd().split("\n")).toHaveLength(1);
    expect(out()).toBe("");
    expect(existsSync(join(cwd, "x"))).toBe(false);
    expect(existsSync(join(cwd, "BadName"))).toBe(false);
  });

  test("prints the usage for --help", async () => {
    const { io, out } = fakeIo();
    expect(await runCli(["--help"], io)).toBe(0);
    expect(out()).toMatch(/^Usage: npm create lode@latest/);
  });
});
