/**
 * create-lode's parts, for programs that scaffold Lode projects themselves; the command is `create-lode`
 * (`npm create lode`).
 * @module
 */
export { type CliIo, runCli } from "./cli.js";
export { CreateLodeError } from "./create-lode-error.js";
export { findLodeTarballs, type PackageManifest, pointAtTarballs } from "./lode-tarballs.js";
export { packageNameProblem } from "./package-name.js";
export { type CliArgs, parseCliArgs, USAGE } from "./parse-args.js";
export {
  checkProjectDirectory,
  NAME_PLACEHOLDER,
  type PlannedFile,
  type ProjectPlan,
  planProject,
  type ScaffoldOptions,
  scaffoldProject,
  writeProject,
} from "./scaffold.js";
export {
  DEFAULT_TEMPLATE,
  isTemplateName,
  TEMPLATES,
  TEMPLATES_DIR,
  type TemplateName,
} from "./templates.js";
