import { builtinModules } from "node:module";

const MAX_LENGTH = 214;
const RESERVED = new Set(["node_modules", "favicon.ico"]);

/**
 * Why `name` cannot be the name of a new npm package, or undefined when it can. npm's rules (as its
 * validate-npm-package-name applies them to new packages): not empty, at most 214 characters, lowercase,
 * no leading dot or underscore, no spaces, only URL-safe characters (and none of `~'!()*`), not a Node
 * built-in module's name, not `node_modules` or `favicon.ico`.
 */
export function packageNameProblem(name: string): string | undefined {
  if (name.length === 0) return "it is empty";
  if (name.length > MAX_LENGTH) return `it is longer than ${MAX_LENGTH} characters`;
  if (name.trim() !== name || /\s/.test(name)) return "it contains spaces";
  if (name.startsWith(".")) return "it starts with a dot";
  if (name.startsWith("_")) return "it starts with an underscore";
  if (name !== name.toLowerCase()) return "it has capital letters";
  if (/[~'!()*]/.test(name)) return "it contains one of ~'!()*";
  if (encodeURIComponent(name) !== name) return "it contains characters that are not URL-safe";
  if (RESERVED.has(name)) return `${name} is reserved`;
  if (builtinModules.includes(name)) return `${name} is the name of a Node.js built-in module`;
  return undefined;
}
