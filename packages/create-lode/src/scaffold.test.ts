import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { CreateLodeError } from "./create-lode-error.js";
import type { PackageManifest } from "./lode-tarballs.js";
import { planProject, scaffoldProject } from "./scaffold.js";
import { TEMPLATES } from "./templates.js";

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), "create-lode-test-"));
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8")) as PackageManifest;

/** A folder of fake tarballs, as scripts/pack.sh names them. */
function packsFolder(names: string[]): string {
  const dir = join(cwd, "packs");
  mkdirSync(dir);
  for (const name of names) writeFileSync(join(dir, name), "");
  return dir;
}

const ALL_PACKS = ["core", "tools", "testing", "bedrock-local", "durable", "memory", "studio"].map(
  (name) => `lode-${name}-0.1.0.tgz`,
);

describe("scaffoldProject", () => {
  test.each(TEMPLATES.map((template) => template.name))(
    "writes the %s template with the folder's name, .gitignore and the published versions",
    (template) => {
      const plan = scaffoldProject({ directory: "my-agent", template, cwd });
      const root = join(cwd, "my-agent");
      expect(plan.directory).toBe(root);
      expect(existsSync(join(root, ".gitignore"))).toBe(true);
      expect(existsSync(join(root, "_gitignore"))).toBe(false);
      const manifest = readJson(join(root, "package.json"));
      expect(manifest.name).toBe("my-agent");
      expect(manifest.dependencies?.["@lode/core"]).toBe("^0.1.0");
      expect(manifest.devDependencies?.["@lode/testing"]).toBe("^0.1.0");
      expect(manifest.overrides).toBe(undefined);
      const readme = readFileSync(join(root, "README.md"), "utf8");
      expect(readme.startsWith("# my-agent\n")).toBe(true);
      expect(readme).not.toContain("{{name}}");
      expect(readdirSync(join(root, "recordings")).length).toBeGreaterThan(0);
    },
  );

  test("renames _gitignore in subfolders too, and copies other files byte for byte", () => {
    const templates = join(cwd, "templates");
    mkdirSync(join(templates, "agent", "sub"), { recursive: true });
    writeFileSync(join(templates, "agent", "sub", "_gitignore"), "x\n");
    writeFileSync(join(templates, "agent", "data.bin"), Buffer.from([0, 255, 10]));
    scaffoldProject({ directory: "p", template: "agent", cwd, templatesDir: templates });
    expect(readFileSync(join(cwd, "p", "sub", ".gitignore"), "utf8")).toBe("x\n");
    expect([...readFileSync(join(cwd, "p", "data.bin"))]).toEqual([0, 255, 10]);
  });

  test("points every @lode dependency at its tarball with --packages, and overrides the rest", () => {
    const packs = packsFolder([...ALL_PACKS, "create-lode-0.1.0.tgz", "notes.txt"]);
    scaffoldProject({ directory: "app", template: "agent", cwd, packages: "packs" });
    const manifest = readJson(join(cwd, "app", "package.json"));
    expect(manifest.dependencies?.["@lode/core"]).toBe(`file:${join(packs, "lode-core-0.1.0.tgz")}`);
    expect(manifest.devDependencies?.["@lode/bedrock-local"]).toBe(
      `file:${join(packs, "lode-bedrock-local-0.1.0.tgz")}`,
    );
    // Not lode's: left alone.
    expect(manifest.dependencies?.zod).toMatch(/^\^4/);
    expect(Object.keys(manifest.overrides ?? {}).sort()).toEqual([
      "@lode/bedrock-local",
      "@lode/core",
      "@lode/durable",
      "@lode/memory",
      "@lode/studio",
      "@lode/testing",
      "@lode/tools",
    ]);
    // npm accepts overriding a direct dependency only with the very same spec.
    expect(manifest.overrides?.["@lode/core"]).toBe(manifest.dependencies?.["@lode/core"]);
    expect(manifest.pnpm?.overrides).toEqual(manifest.overrides);
  });

  test("accepts an existing empty folder, and '.' for the working directory", () => {
    mkdirSync(join(cwd, "empty"));
    expect(planProject({ directory: "empty", template: "agent", cwd }).name).toBe("empty");
    const inside = join(cwd, "inside");
    mkdirSync(inside);
    expect(planProject({ directory: ".", template: "agent", cwd: inside }).name).toBe("inside");
  });
});

describe("scaffoldProject on bad input writes nothing", () => {
  const attempt = (options: { directory: string; packages?: string }) => {
    const before = readdirSync(cwd).sort();
    let error: unknown;
    try {
      scaffoldProject({ template: "agent", cwd, ...options });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CreateLodeError);
    expect(readdirSync(cwd).sort()).toEqual(before);
    return (error as Error).message;
  };

  test("a folder that is not empty", () => {
    mkdirSync(join(cwd, "taken"));
    writeFileSync(join(cwd, "taken", "keep.txt"), "mine");
    expect(attempt({ directory: "taken" })).toBe(
      "taken is not empty: choose a new folder, or empty this one.",
    );
    expect(readdirSync(join(cwd, "taken"))).toEqual(["keep.txt"]);
  });

  test("a file where the folder would go", () => {
    writeFileSync(join(cwd, "file"), "");
    expect(attempt({ directory: "file" })).toBe("file exists and is not a folder.");
  });

  test("a folder name that is no npm package name", () => {
    expect(attempt({ directory: "MyAgent" })).toBe(
      '"MyAgent" cannot be an npm package name (it has capital letters): choose a folder name such as my-agent.',
    );
    expect(attempt({ directory: "my agent" })).toMatch(/contains spaces/);
    expect(attempt({ directory: "_x" })).toMatch(/starts with an underscore/);
  });

  test("a --packages folder that does not exist", () => {
    expect(attempt({ directory: "app", packages: "nowhere" })).toBe("--packages nowhere: no such folder.");
  });

  test("a --packages folder without the tarballs the template needs", () => {
    packsFolder(["lode-core-0.1.0.tgz", "lode-tools-0.1.0.tgz"]);
    expect(attempt({ directory: "app", packages: "packs" })).toBe(
      "--packages packs lacks @lode/studio, @lode/bedrock-local, @lode/testing (lode-studio-*.tgz, lode-bedrock-local-*.tgz, lode-testing-*.tgz).",
    );
  });
});
