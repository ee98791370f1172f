import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, test } from "vitest";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const PACKAGES = join(ROOT, "packages");

/** Every source file of every package, tests left out, relative to packages/. */
function sourceFiles(folder = PACKAGES): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (name === "node_modules" || name === "dist") return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    const isSource = name.endsWith(".ts") && !/\.test(-support)?\.ts$|\.test-d\.ts$/.test(name);
    return isSource && path.includes(`${"/src/"}`) ? [relative(PACKAGES, path)] : [];
  });
}

/** The files a source file imports (type-only imports included), by the same relative naming. */
function localImports(file: string): string[] {
  const text = readFileSync(join(PACKAGES, file), "utf8");
  return ts
    .preProcessFile(text, true, true)
    .importedFiles.map((imported) => imported.fileName)
    .filter((name) => name.startsWith("."))
    .map((name) => relative(PACKAGES, resolve(dirname(join(PACKAGES, file)), name.replace(/\.js$/, ".ts"))));
}

function packageImports(file: string): string[] {
  const text = readFileSync(join(PACKAGES, file), "utf8");
  return ts
    .preProcessFile(text, true, true)
    .importedFiles.map((imported) => imported.fileName)
    .filter((name) => !name.startsWith("."));
}

const files = sourceFiles();

/** The package imports of the files under `folder` that `allowed` does not match, as `file: import`. */
function foreignImports(folder: string, allowed: RegExp): string[] {
  return files
    .filter((file) => file.startsWith(folder))
    .flatMap((file) =>
      packageImports(file)
        .filter((name) => !allowed.test(name))
        .map((name) => `${file}: ${name}`),
    );
}
const graph = new Map(files.map((file) => [file, localImports(file)]));

describe("the packages' structure", () => {
  test("has no circular import, type-only imports included", () => {
    const cycles: string[] = [];
    const state = new Map<string, "visiting" | "done">();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === "done") return;
      if (state.get(file) === "visiting") {
        cycles.push([...path.slice(path.indexOf(file)), file].join(" -> "));
        return;
      }
      state.set(file, "visiting");
      for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
      state.set(file, "done");
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });

  test("keeps core's contracts on the bottom floor: they import only each other and the error codes", () => {
    const upward = files
      .filter((file) => file.startsWith("core/src/contracts/"))
      .flatMap((file) =>
        (graph.get(file) ?? [])
          .filter(
            (target) =>
              !target.startsWith("core/src/contracts/") && target !== "core/src/errors/lode-error.ts",
          )
          .map((target) => `${file} -> ${target}`),
      );
    expect(upward).toEqual([]);
  });

  test("keeps the tool-call pipeline free of the guardrails that plug into it", () => {
    const intoGuardrails = files
      .filter((file) => file.startsWith("core/src/tools/"))
      .flatMap((file) =>
        (graph.get(file) ?? [])
          .filter(
            (target) => target.startsWith("core/src/guardrails/") || target.startsWith("core/src/loop/"),
          )
          .map((target) => `${file} -> ${target}`),
      );
    expect(intoGuardrails).toEqual([]);
  });

  // `@smithy/core` is the SDK's own runtime: core reads ConverseStream answers with its schemas and codec.
  test("lets core depend only on the AWS SDK (its client, HTTP handlers and runtime), eventemitter3, p-queue and Node", () => {
    const foreign = foreignImports(
      "core/src/",
      /^(@aws-sdk\/client-bedrock-runtime|@smithy\/node-http-handler|@smithy\/core\/(schema|event-streams|transport|protocols)|eventemitter3|p-queue|node:.*)$/,
    );
    expect(foreign).toEqual([]);
  });

  test("lets the tracing package depend only on OpenTelemetry's API and core: no SDK, no AWS SDK", () => {
    const foreign = foreignImports("otel/src/", /^(@opentelemetry\/api|@lode\/core)$/);
    expect(files.some((file) => file.startsWith("otel/src/"))).toBe(true);
    expect(foreign).toEqual([]);
  });

  test("lets the durable package depend only on core, BullMQ, ioredis and Node", () => {
    const foreign = foreignImports("durable/src/", /^(@lode\/core|bullmq|ioredis|node:.*)$/);
    expect(foreign).toEqual([]);
  });

  test("keeps every source file under 300 lines, and the run loop under 200", () => {
    const lines = (file: string) => readFileSync(join(PACKAGES, file), "utf8").split("\n").length;
    expect(files.filter((file) => lines(file) > 300)).toEqual([]);
    expect(lines("core/src/loop/run-loop.ts")).toBeLessThan(200);
  });
});
