import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import type { PackageManifest } from "./lode-tarballs.js";
import { SHARED_TEMPLATE } from "./scaffold.js";
import { TEMPLATES, TEMPLATES_DIR } from "./templates.js";

/** Where a template's file comes from: its own folder, or the files every template shares. */
const pathOf = (template: string, file: string) =>
  [template, SHARED_TEMPLATE].map((folder) => join(TEMPLATES_DIR, folder, file)).find(existsSync) ??
  join(TEMPLATES_DIR, template, file);
const read = (template: string, file: string) => readFileSync(pathOf(template, file), "utf8");

describe.each(TEMPLATES.map((template) => template.name))("the %s template", (template) => {
  const manifest = JSON.parse(read(template, "package.json")) as PackageManifest & {
    scripts: Record<string, string>;
  };

  test("builds with tsc and runs with plain node, its test type-checking first", () => {
    expect(manifest.type).toBe("module");
    expect(manifest.scripts.start).toMatch(/^tsc -p tsconfig\.build\.json && node dist\/main\.js$/);
    expect(manifest.scripts.test).toBe("tsc --noEmit && vitest run");
    expect(JSON.stringify(manifest)).not.toContain("tsx");
  });

  test("pins the tools a project is checked with", () => {
    expect(manifest.devDependencies).toMatchObject({
      typescript: "~5.9.3",
      "@types/node": "^20.19.0",
      vitest: "~4.1.12",
      "@lode/testing": "^0.1.0",
      "@lode/bedrock-local": "^0.1.0",
    });
    expect(manifest.dependencies?.["@lode/core"]).toBe("^0.1.0");
  });

  test("type-checks strictly, its dependencies' declarations included", () => {
    const { compilerOptions } = JSON.parse(read(template, "tsconfig.json")) as {
      compilerOptions: Record<string, unknown>;
    };
    expect(compilerOptions).toMatchObject({
      target: "ES2022",
      lib: ["ES2022"],
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      skipLibCheck: false,
      types: ["node"],
    });
  });

  test("starts its README with the two commands, and ships what they use", () => {
    const readme = read(template, "README.md");
    const [start, check, ...more] = (/^# \{\{name\}\}\n\n```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? "")
      .trim()
      .split("\n");
    expect(start).toMatch(/^npm install && npm start\s/);
    expect(check).toMatch(/^npm install && npm test\s/);
    expect(more).toEqual([]);
    expect(readme).toContain("LODE_BEDROCK=record");
    for (const file of ["_gitignore", "model.script.json", "src/agent.ts", "src/main.ts", "vitest.config.ts"])
      expect(existsSync(pathOf(template, file)), file).toBe(true);
    const recording = "000001.converse-stream.us.anthropic.claude-sonnet-4-5-20250929-v1_0.json";
    expect(existsSync(join(TEMPLATES_DIR, template, "recordings", recording))).toBe(true);
  });
});
