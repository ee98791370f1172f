import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { CreateLodeError } from "./create-lode-error.js";
import { findLodeTarballs, type PackageManifest, pointAtTarballs } from "./lode-tarballs.js";
import { packageNameProblem } from "./package-name.js";
import { TEMPLATES_DIR, type TemplateName } from "./templates.js";

export interface ScaffoldOptions {
  /** The project's folder; relative to `cwd`. Made if missing; must be empty if present. */
  directory: string;
  template: TemplateName;
  /** A folder of Lode tarballs to depend on instead of the published versions (`--packages`). */
  packages?: string;
  /** @default process.cwd() */
  cwd?: string;
  /** Where the templates are. @default the package's `templates/` */
  templatesDir?: string;
}

/** One file of the project, as it will be written. */
export interface PlannedFile {
  /** Relative to the project folder, with `/`. */
  path: string;
  content: string | Buffer;
}

/** The project create-lode is about to write: everything checked, nothing written yet. */
export interface ProjectPlan {
  /** The project's absolute folder. */
  directory: string;
  /** Its package name: the folder's base name. */
  name: string;
  template: TemplateName;
  files: PlannedFile[];
}

/** The placeholder the templates' package.json and README carry for the project's name. */
export const NAME_PLACEHOLDER = "{{name}}";

/** Checks the folder and its name: throws a `CreateLodeError` if the project cannot go there. */
export function checkProjectDirectory(
  directory: string,
  cwd = process.cwd(),
): { path: string; name: string } {
  const path = resolve(cwd, directory);
  const name = basename(path);
  const problem = packageNameProblem(name);
  if (problem)
    throw new CreateLodeError(
      `"${name}" cannot be an npm package name (${problem}): choose a folder name such as my-agent.`,
    );
  let entries: string[] | undefined;
  try {
    entries = statSync(path).isDirectory() ? readdirSync(path) : undefined;
  } catch {
    return { path, name }; // does not exist yet
  }
  if (!entries) throw new CreateLodeError(`${directory} exists and is not a folder.`);
  if (entries.length > 0)
    throw new CreateLodeError(`${directory} is not empty: choose a new folder, or empty this one.`);
  return { path, name };
}

/** Works out every file of the project, checking the folder, its name and `--packages`; writes nothing. */
export function planProject(options: ScaffoldOptions): ProjectPlan {
  const { path, name } = checkProjectDirectory(options.directory, options.cwd);
  const tarballs =
    options.packages === undefined
      ? undefined
      : findLodeTarballs(resolve(options.cwd ?? ".", options.packages), options.packages);
  const templatesDir = options.templatesDir ?? TEMPLATES_DIR;
  const files = templateFiles(templatesDir, options.template).map(([file, from]): PlannedFile => {
    const source = readFileSync(join(from, file));
    const target = file.replace(/(^|\/)_gitignore$/, "$1.gitignore");
    if (file === "package.json") {
      let manifest = JSON.parse(source.toString("utf8")) as PackageManifest;
      manifest = { ...manifest, name };
      if (tarballs && options.packages !== undefined)
        manifest = pointAtTarballs(manifest, tarballs, options.packages);
      return { path: target, content: `${JSON.stringify(manifest, null, 2)}\n` };
    }
    if (file === "README.md")
      return { path: target, content: source.toString("utf8").replaceAll(NAME_PLACEHOLDER, name) };
    return { path: target, content: source };
  });
  return { directory: path, name, template: options.template, files };
}

/** Writes a planned project. */
export function writeProject(plan: ProjectPlan): void {
  for (const file of plan.files) {
    const target = join(plan.directory, file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.content);
  }
}

/** Plans the project, then writes it: nothing is written when a check fails. */
export function scaffoldProject(options: ScaffoldOptions): ProjectPlan {
  const plan = planProject(options);
  writeProject(plan);
  return plan;
}

/** The folder of files every template shares (the agent, tsconfigs, the model's script). */
export const SHARED_TEMPLATE = "shared";

/**
 * A template's files, each with the folder it comes from: the shared ones, then the template's own, which
 * take the place of a shared file of the same path. Sorted by path.
 */
function templateFiles(templatesDir: string, template: TemplateName): [string, string][] {
  const byPath = new Map<string, string>();
  for (const from of [join(templatesDir, SHARED_TEMPLATE), join(templatesDir, template)])
    if (existsSync(from)) for (const file of listFiles(from)) byPath.set(file, from);
  return [...byPath].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Every file under `root`, relative, with `/`, sorted; build output and installs left out. */
function listFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === "node_modules" || entry.name === "dist") continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.push(relative(root, full).split("\\").join("/"));
    }
  };
  walk(root);
  return files.sort();
}
