import { request as httpRequest } from "node:http";
import { stringifyWithBytes } from "@lode/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunList, StudioSettings } from "../../packages/studio/src/protocol/api.js";
import type { ReportBatch } from "../../packages/studio/src/protocol/reports.js";
import type { RunRecord } from "../../packages/studio/src/protocol/run-record.js";
import { type Studio, startStudio } from "../../packages/studio/src/server/start-studio.js";
import { runStart, twoStepJob } from "../../packages/studio/src/store/sample-reports.test-support.js";

let studio: Studio;

beforeAll(async () => {
  studio = await startStudio({ maxRuns: 50, testsDir: "/tmp/lode-studio-tests" });
});
afterAll(() => studio.close());

function api(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("x-lode-studio-token", studio.token);
  return fetch(`${studio.origin}${path}`, { ...init, headers });
}

function postBatch(batch: unknown): Promise<Response> {
  return api("/api/reports", { method: "POST", body: stringifyWithBytes(batch) });
}

/** A raw request, its Host header as given (fetch sets its own). */
function rawGet(path: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = new URL(studio.origin);
    const request = httpRequest(
      { host: "127.0.0.1", port: url.port, path, headers: { host, "x-lode-studio-token": studio.token } },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.on("error", reject);
    request.end();
  });
}

describe("the studio's routes", () => {
  test("every route, the page included, answers 401 without the token or with a wrong one", async () => {
    for (const path of ["/", "/app.js", "/api/runs", "/api/config", "/api/live", "/api/runs/x"]) {
      expect((await fetch(`${studio.origin}${path}`)).status).toBe(401);
      expect((await fetch(`${studio.origin}${path}?token=${studio.token.slice(1)}x`)).status).toBe(401);
    }
    const post = await fetch(`${studio.origin}/api/reports`, { method: "POST", body: "{}" });
    expect(post.status).toBe(401);
    expect(await post.json()).toEqual({ error: expect.any(String) });
  });

  test("takes the token from ?token= too; the URL printed carries it", async () => {
    expect(studio.url).toBe(`${studio.origin}/?token=${studio.token}`);
    expect(studio.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${studio.origin}/api/config?token=${studio.token}`);
    expect(response.status).toBe(200);
    const settings = (await response.json()) as StudioSettings;
    expect(settings).toEqual({
      maxRuns: 50,
      testsDir: "/tmp/lode-studio-tests",
      version: expect.any(String),
    });
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });

  test("serves the page and its files with the token", async () => {
    const page = await fetch(studio.url);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain("<html");
    // The browser fetches the page's files without its query: their URLs carry the token.
    expect(html).toContain(`src="/app.js?token=${studio.token}"`);
    expect(html).toContain(`href="/styles.css?token=${studio.token}"`);
    expect((await fetch(`${studio.origin}/app.js?token=${studio.token}`)).status).toBe(200);
    const icon = await fetch(`${studio.origin}/favicon.svg?token=${studio.token}`);
    expect(icon.headers.get("content-type")).toBe("image/svg+xml");
  });

  test("turns away a Host that is not its own (DNS rebinding)", async () => {
    const port = new URL(studio.origin).port;
    expect(await rawGet("/api/runs", `evil.example:${port}`)).toBe(403);
    expect(await rawGet("/api/runs", "127.0.0.1:1")).toBe(403);
    expect(await rawGet("/api/runs", `localhost:${port}`)).toBe(200);
    expect(await rawGet("/api/runs", `127.0.0.1:${port}`)).toBe(200);
  });

  test("ingests report batches, then lists and opens the runs; 404 for an unknown run", async () => {
    const batch: ReportBatch = {
      clientId: "proc-1",
      clientName: "node job.ts",
      reports: twoStepJob("run-a"),
    };
    expect((await postBatch(batch)).status).toBe(204);
    await postBatch({ ...batch, reports: twoStepJob("run-b", "Weather in Oslo?") });
    const list = (await (await api("/api/runs?q=oslo")).json()) as RunList;
    expect(list.runs.map((run) => run.id)).toEqual(["run-b"]);
    expect(list.total).toBe(1);
    const all = (await (await api("/api/runs?limit=1")).json()) as RunList;
    expect(all.runs.map((run) => run.id)).toEqual(["run-b"]);
    expect(all.total).toBeGreaterThanOrEqual(2);
    const record = (await (await api("/api/runs/run-a")).json()) as RunRecord;
    expect(record).toMatchObject({
      id: "run-a",
      clientId: "proc-1",
      status: "done",
      modelCalls: 2,
      toolCalls: 1,
    });
    expect((await api("/api/runs/nope")).status).toBe(404);
  });

  test("bytes in reports travel as { $bytes } and come back as such", async () => {
    const reports = [
      runStart("bytes"),
      {
        kind: "model-call-start",
        at: 2,
        runId: "bytes",
        step: 1,
        request: {
          modelId: "m",
          messages: [
            {
              role: "user",
              content: [{ image: { format: "png", source: { bytes: new Uint8Array([1, 2, 3]) } } }],
            },
          ],
        },
      },
    ];
    await postBatch({ clientId: "p", clientName: "n", reports });
    const record = (await (await api("/api/runs/bytes")).json()) as RunRecord;
    expect(JSON.stringify(record.steps[0]?.request)).toContain("bytes");
  });

  test("413 beyond 8 MB, 400 for bad JSON or a batch without reports; the server goes on", async () => {
    const huge = await api("/api/reports", { method: "POST", body: "x".repeat(9 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    const bad = await api("/api/reports", { method: "POST", body: "{not json" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: "The body is not JSON." });
    expect((await postBatch({ reports: "no" })).status).toBe(400);
    expect((await postBatch([1, 2])).status).toBe(400);
    expect((await api("/api/runs/x/decisions", { method: "POST", body: "[]" })).status).toBe(400);
    expect((await api("/api/runs")).status).toBe(200);
  });

  test("ingesting garbage never crashes it", async () => {
    const garbage: unknown[] = [
      null,
      1,
      "text",
      [],
      { kind: 5 },
      { kind: "run-start" },
      { kind: "run-start", runId: { nested: true }, agentPath: null },
      { kind: "event", event: { type: "run-end", runId: "run-a", result: null } },
      { kind: "event", event: { type: "run-start", runId: "run-a", input: "not an array" } },
      { kind: "tool-start", runId: "run-a", toolUseId: null },
      { kind: "model-call-end", runId: "run-a", step: 1, outcome: null },
      { kind: "graph-progress", runId: "run-a", progress: null },
      { kind: "model-call-start", runId: "__proto__", step: 1 },
    ];
    expect((await postBatch({ clientId: "g", clientName: "g", reports: garbage })).status).toBe(204);
    for (const value of garbage) await postBatch({ clientId: "g", clientName: "g", reports: [value] });
    expect((await api("/api/runs")).status).toBe(200);
    expect((await api("/api/runs/run-a")).status).toBe(200);
  });

  test("the action routes: compare two runs; an unknown run is 404, a folder that cannot be opened 400", async () => {
    await postBatch({ clientId: "p", clientName: "n", reports: twoStepJob("cmp-a") });
    await postBatch({ clientId: "p", clientName: "n", reports: twoStepJob("cmp-b", "Weather in Oslo?") });
    const compared = await api("/api/compare?a=cmp-a&b=cmp-b");
    expect(compared.status).toBe(200);
    const comparison = (await compared.json()) as { a: RunRecord; b: RunRecord; steps: unknown[] };
    expect([comparison.a.id, comparison.b.id]).toEqual(["cmp-a", "cmp-b"]);
    expect(comparison.steps.length).toBeGreaterThan(0);
    expect((await api("/api/compare?a=cmp-a&b=nope")).status).toBe(404);
    expect((await api("/api/compare?a=cmp-a")).status).toBe(400);
    expect((await api("/api/runs/nope/save-test", { method: "POST", body: "{}" })).status).toBe(404);
    const opened = await api("/api/recordings", {
      method: "POST",
      body: JSON.stringify({ folder: "/no/such/folder" }),
    });
    expect(opened.status).toBe(400);
    expect(await opened.json()).toEqual({ error: expect.any(String) });
    expect((await api("/api/recordings", { method: "POST", body: "{}" })).status).toBe(400);
  });

  test("unknown routes are 404; DELETE /api/runs clears every run", async () => {
    expect((await api("/api/nothing")).status).toBe(404);
    expect((await api("/api/runs/%E0%A4%A")).status).toBe(400);
    expect((await api("/api/runs", { method: "DELETE" })).status).toBe(204);
    expect(await (await api("/api/runs")).json()).toEqual({ runs: [], total: 0, kept: 0 });
  });

  test("decisions on a run that cannot take them: 404 unknown, 409 when not waiting or nobody listens", async () => {
    const body = JSON.stringify({ decisions: [{ toolUseId: "t", approved: true }] });
    expect((await api("/api/runs/none/decisions", { method: "POST", body })).status).toBe(404);
    await postBatch({ clientId: "p", clientName: "n", reports: twoStepJob("done-run") });
    expect((await api("/api/runs/done-run/decisions", { method: "POST", body })).status).toBe(409);
  });
});
