import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";
import { chromium } from "playwright-core";

/** Debian's chromium, which CI installs. */
export const DEBIAN_CHROMIUM = "/usr/bin/chromium";

/** What to do when no browser is found (the README's words). */
export const INSTALL_HINT =
  "Set LODE_CHROMIUM to a Chromium or Chrome executable, install Debian's or Ubuntu's chromium " +
  "(apt-get install chromium, as root), or download Playwright's own build: " +
  "pnpm --dir test exec playwright-core install chromium.";

export interface FindChromiumOptions {
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Where Playwright keeps the browser it downloads, whether or not it is there. @default playwright-core's */
  playwrightPath?: () => string;
  /** Whether `path` is a file this process may run. @default the file system's answer */
  isExecutable?: (path: string) => boolean;
}

/**
 * The Chromium the browser tests drive: `LODE_CHROMIUM` when set (it must be an executable file), else
 * `/usr/bin/chromium`, else a `chromium` on `PATH`, else the browser Playwright downloaded, if it did.
 * Throws an error saying what to install when there is none.
 */
export function findChromium(options: FindChromiumOptions = {}): string {
  const { env = process.env, isExecutable = isExecutableFile } = options;
  const chosen = env.LODE_CHROMIUM;
  if (chosen !== undefined && chosen !== "") {
    if (isExecutable(chosen)) return chosen;
    throw new Error(`LODE_CHROMIUM is ${chosen}, which is not an executable file. ${INSTALL_HINT}`);
  }
  if (isExecutable(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  for (const folder of (env.PATH ?? "").split(delimiter).filter(Boolean)) {
    const candidate = join(folder, "chromium");
    if (isExecutable(candidate)) return candidate;
  }
  const managed = (options.playwrightPath ?? (() => chromium.executablePath()))();
  if (managed && isExecutable(managed)) return managed;
  throw new Error(`The browser tests found no Chromium. ${INSTALL_HINT}`);
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
