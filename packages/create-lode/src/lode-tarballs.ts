import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { CreateLodeError } from "./create-lode-error.js";

/** A package.json, as far as create-lode reads and writes it. */
export interface PackageManifest {
  name?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  overrides?: Record<string, string>;
  pnpm?: { overrides?: Record<string, string> };
  [key: string]: unknown;
}

// npm pack's file names for a scoped package: @lode/bedrock-local 0.1.0 is lode-bedrock-local-0.1.0.tgz.
const TARBALL = /^lode-(.+?)-(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\.tgz$/;

/**
 * The Lode tarballs in `dir`, by package name (`@lode/core` → its absolute path). Of several versions of
 * one package, the last by file name wins. A missing folder throws a `CreateLodeError`.
 */
export function findLodeTarballs(dir: string, label = dir): Map<string, string> {
  const absolute = resolve(dir);
  let names: string[];
  try {
    if (!statSync(absolute).isDirectory()) throw new Error("not a folder");
    names = readdirSync(absolute).sort();
  } catch {
    throw new CreateLodeError(`--packages ${label}: no such folder.`);
  }
  const tarballs = new Map<string, string>();
  for (const name of names) {
    const match = TARBALL.exec(name);
    if (match) tarballs.set(`@lode/${match[1]}`, join(absolute, name));
  }
  return tarballs;
}

/**
 * `manifest` with every `@lode/*` dependency pointing at its tarball (`file:` and the absolute path), and
 * npm `overrides` (pnpm's too) so the tarballs' own `@lode/*` dependencies resolve to the tarballs as
 * well. Throws a `CreateLodeError` naming the tarballs `dir` lacks.
 */
export function pointAtTarballs(
  manifest: PackageManifest,
  tarballs: ReadonlyMap<string, string>,
  dir: string,
): PackageManifest {
  const spec = (path: string) => `file:${path}`;
  const missing: string[] = [];
  const rewrite = (deps: Record<string, string> | undefined) => {
    if (!deps) return undefined;
    const out: Record<string, string> = {};
    for (const [name, range] of Object.entries(deps)) {
      const tarball = tarballs.get(name);
      if (name.startsWith("@lode/") && !tarball) missing.push(name);
      out[name] = name.startsWith("@lode/") && tarball ? spec(tarball) : range;
    }
    return out;
  };
  const dependencies = rewrite(manifest.dependencies);
  const devDependencies = rewrite(manifest.devDependencies);
  if (missing.length > 0) {
    const files = missing.map((name) => `${name.replace("@lode/", "lode-")}-*.tgz`).join(", ");
    throw new CreateLodeError(`--packages ${dir} lacks ${missing.join(", ")} (${files}).`);
  }
  // npm accepts an override of a direct dependency only when both name the same spec: they do.
  const overrides = Object.fromEntries([...tarballs].map(([name, path]) => [name, spec(path)]));
  return {
    ...manifest,
    ...(dependencies ? { dependencies } : {}),
    ...(devDependencies ? { devDependencies } : {}),
    overrides: { ...manifest.overrides, ...overrides },
    pnpm: { ...manifest.pnpm, overrides: { ...manifest.pnpm?.overrides, ...overrides } },
  };
}
