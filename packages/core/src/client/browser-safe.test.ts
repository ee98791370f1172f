import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const SRC = fileURLToPath(new URL("..", import.meta.url));

/** The value imports (not `import type`) of a source file, with the files they resolve to. */
function valueImports(file: string): string[] {
  const source = readFileSync(file, "utf8");
  const specifiers: string[] = [];
  const pattern = /^(?:import|export)\s+(type\s+)?(?:[^"';]*?\s+from\s+)?"([^"]+)";/gms;
  for (const match of source.matchAll(pattern)) if (!match[1]) specifiers.push(match[2]!);
  return specifiers;
}

it("the client entry reaches no Node module, AWS SDK or other package at run time", () => {
  const seen = new Set<string>();
  const outside: string[] = [];
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const specifier of valueImports(file)) {
      if (!specifier.startsWith(".")) {
        outside.push(`${path.relative(SRC, file)} imports ${specifier}`);
        continue;
      }
      visit(path.resolve(path.dirname(file), specifier.replace(/\.js$/, ".ts")));
    }
  };
  visit(path.join(SRC, "client.ts"));

  expect(outside).toEqual([]);
  expect([...seen].map((file) => path.relative(SRC, file)).sort()).toEqual([
    "client.ts",
    "client/parse-sse.ts",
    "client/read-agent-events.ts",
    "client/stream-agent.ts",
    "errors/lode-error.ts",
    "events/base64.ts",
    "events/event-json.ts",
    "events/json-bytes.ts",
    "events/request-json.ts",
  ]);
});
