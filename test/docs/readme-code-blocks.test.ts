/**
 * Type-checks every ```ts code block of every README (the root's, packages/*, examples/*) and of the
 * guides in docs/, so that none goes stale when an API changes.
 *
 * Each block is written to its own file under test/.artifacts/readme-blocks/ (git-ignored), inside the
 * repository so that imports resolve as the tests' do: `@lode/*` through test/node_modules to the
 * workspace packages, `vitest` and `typescript` from the root. Then one TypeScript program checks them all
 * with the compiler options of tsconfig.base.json, and each block fails with its README, its number, the
 * line in the README and the diagnostic.
 *
 * Conventions for writers of READMEs:
 * - Every block is a module of its own (an `export {}` is appended), so top-level `await` works and names
 *   do not clash between blocks. Nothing carries over from an earlier block: import what you use.
 * - A block may declare what it leaves out, honestly: `declare const modelId: string;`. Prefer complete
 *   blocks, imports included.
 * - A block whose first line names its file (`// src/agent.ts`) is written at that path, in a folder
 *   shared by the README's blocks, so another block of the same README can import it
 *   (`import { createAgent } from "./agent.js";`). A `.test.ts` name is written as `.test-block.ts`, so
 *   vitest never runs it.
 * - A block that is deliberately not compilable (a sketch, an excerpt of an interface) is fenced as
 *   ```ts ignore and skipped. Blocks fenced ```json, ```sh, ```text, … are not checked.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { beforeAll, describe, expect, test } from "vitest";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const OUT = join(ROOT, "test/.artifacts/readme-blocks");

/** One ```ts block of a README. */
interface CodeBlock {
  /** The README, relative to the repository root. */
  readme: string;
  /** 1-based, counting the README's ```ts blocks (ignored ones included). */
  number: number;
  /** The README line of the block's first line of code (1-based). */
  line: number;
  code: string;
  ignored: boolean;
  /** Where the block is written to be checked. */
  file: string;
}

/** The Markdown files whose blocks are checked, relative to the root. */
function markdownFiles(): string[] {
  const inFolders = (parent: string, name: string) =>
    readdirSync(join(ROOT, parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name !== "node_modules")
      .map((entry) => `${parent}/${entry.name}/${name}`);
  const guides = readdirSync(join(ROOT, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name}`);
  return [
    "README.md",
    ...inFolders("packages", "README.md"),
    ...inFolders("examples", "README.md"),
    ...guides,
  ]
    .filter((path) => {
      try {
        readFileSync(join(ROOT, path));
        return true;
      } catch {
        return false;
      }
    })
    .sort();
}

const OPENING_FENCE = /^(\s*)(`{3,}|~{3,})\s*(ts|typescript)\b(.*)$/;
const FILE_LABEL = /^\/\/\s*((?:[\w.-]+\/)*[\w.-]+\.ts)\s*$/;

/** The ```ts blocks of one Markdown file, fenced code only (indented as in a list item or not). */
function codeBlocks(readme: string): CodeBlock[] {
  const lines = readFileSync(join(ROOT, readme), "utf8").split("\n");
  const blocks: CodeBlock[] = [];
  for (let index = 0; index < lines.length; index++) {
    const opening = OPENING_FENCE.exec(lines[index] ?? "");
    if (!opening) {
      // Skip the body of any other fenced block, so a ```ts inside it is not taken for one.
      const other = /^\s*(`{3,}|~{3,})/.exec(lines[index] ?? "");
      if (other) index = closingFence(lines, index, other[1] ?? "```");
      continue;
    }
    const [, indent = "", fence = "```", , info = ""] = opening;
    const end = closingFence(lines, index, fence);
    const body = lines
      .slice(index + 1, end)
      .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line));
    const number = blocks.length + 1;
    const slug =
      readme === "README.md"
        ? "root"
        : readme.replace(/\/README\.md$|\.md$/, "").replace(/[^a-zA-Z0-9-]+/g, "-");
    const label = FILE_LABEL.exec(body[0] ?? "")?.[1];
    const labelled = label?.split("/").includes("..")
      ? undefined
      : label?.replace(/\.test\.ts$/, ".test-block.ts");
    blocks.push({
      readme,
      number,
      line: index + 2,
      code: body.join("\n"),
      ignored: info.split(/\s+/).includes("ignore"),
      file: join(OUT, slug, labelled ?? `block-${String(number).padStart(2, "0")}.ts`),
    });
    index = end;
  }
  return blocks;
}

/** The index of the line closing the fence opened at `start` (the last line when it is never closed). */
function closingFence(lines: string[], start: number, fence: string): number {
  const closing = new RegExp(`^\\s*${fence[0]}{${fence.length},}\\s*$`);
  for (let index = start + 1; index < lines.length; index++)
    if (closing.test(lines[index] ?? "")) return index;
  return lines.length;
}

/** The repository's compiler options (tsconfig.base.json), for checking only. */
function compilerOptions(): ts.CompilerOptions {
  const configPath = join(ROOT, "tsconfig.base.json");
  const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, "\n"));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, ROOT, undefined, configPath);
  return { ...parsed.options, noEmit: true, declaration: false, sourceMap: false };
}

function describeDiagnostic(block: CodeBlock, diagnostic: ts.Diagnostic): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n  ");
  if (!diagnostic.file || diagnostic.start === undefined) return `TS${diagnostic.code}: ${message}`;
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  return `${block.readme}:${block.line + line}:${character + 1} (block ${block.number}, line ${line + 1}): TS${diagnostic.code}: ${message}`;
}

const readmes = markdownFiles();
const blocks = readmes.flatMap(codeBlocks);
const checked = blocks.filter((block) => !block.ignored);
const diagnosticsByFile = new Map<string, readonly ts.Diagnostic[]>();

beforeAll(() => {
  rmSync(OUT, { recursive: true, force: true });
  const files = checked.map((block) => block.file);
  const twice = files.filter((file, index) => files.indexOf(file) !== index);
  if (twice.length > 0) throw new Error(`Two blocks of one README name the same file: ${twice.join(", ")}`);
  for (const block of checked) {
    mkdirSync(dirname(block.file), { recursive: true });
    // `export {}` makes every block a module: its own scope, and top-level await.
    writeFileSync(block.file, `${block.code}\n\nexport {};\n`);
  }
  const program = ts.createProgram({
    rootNames: checked.map((block) => block.file),
    options: compilerOptions(),
  });
  const global = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
  if (global.length > 0) throw new Error(ts.formatDiagnostics(global, ts.createCompilerHost({})));
  for (const block of checked) {
    const source = program.getSourceFile(block.file);
    if (!source) throw new Error(`${relative(ROOT, block.file)} was not part of the program`);
    diagnosticsByFile.set(block.file, [
      ...program.getSyntacticDiagnostics(source),
      ...program.getSemanticDiagnostics(source),
    ]);
  }
}, 180_000);

describe("README code blocks", () => {
  test("are found in the root README, each package's and each example's", () => {
    expect(readmes).toContain("README.md");
    for (const name of ["core", "tools", "memory", "bedrock-local"])
      expect(readmes).toContain(`packages/${name}/README.md`);
    expect(checked.length).toBeGreaterThan(20);
  });

  describe.each(readmes.filter((readme) => checked.some((block) => block.readme === readme)))(
    "%s",
    (readme) => {
      test.each(
        checked
          .filter((block) => block.readme === readme)
          .map((block) => [block.number, block.line, block] as const),
      )("block %i (line %i) type-checks", (_number, _line, block) => {
        const problems = (diagnosticsByFile.get(block.file) ?? []).map((diagnostic) =>
          describeDiagnostic(block, diagnostic),
        );
        expect(
          problems,
          `${block.readme} block ${block.number} (written to ${relative(ROOT, block.file)})`,
        ).toEqual([]);
      });
    },
  );
});
