import { randomBytes } from "node:crypto";
import { mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { scrubAccountIds } from "./scrub-account-ids.js";

/** Digits of the sequence number that starts every file name, so names sort in request order. */
const SEQUENCE_DIGITS = 6;

/**
 * The folder recordings go to. File names sort in the order requests arrived and say what each holds:
 * `000007.converse-stream.anthropic.claude-3-haiku-20240307-v1_0.json`. Numbering continues after the
 * recordings already there, so recording into a folder again adds to it.
 */
export class RecordingFolder {
  private constructor(
    readonly folder: string,
    private lastNumber: number,
  ) {}

  static async open(folder: string): Promise<RecordingFolder> {
    await mkdir(folder, { recursive: true });
    const numbers = (await readdir(folder))
      .filter((name) => name.endsWith(".json"))
      .map((name) => Number(/^(\d+)\./.exec(name)?.[1] ?? 0));
    return new RecordingFolder(folder, Math.max(0, ...numbers));
  }

  /** Takes the next sequence number; taken when the request arrives, so slow answers keep their place. */
  reserve(): number {
    this.lastNumber += 1;
    return this.lastNumber;
  }

  /**
   * Writes one recording under its number, atomically: to a temporary name that replay never reads
   * (it does not end in `.json`), then renamed, so a crash leaves no half-written recording.
   */
  async write(
    sequence: number,
    operation: string | undefined,
    target: string | undefined,
    recording: unknown,
  ): Promise<string> {
    const name = recordingFileName(sequence, operation, target);
    const file = path.join(this.folder, name);
    const temporary = path.join(this.folder, `.${name}.${randomBytes(6).toString("hex")}.tmp`);
    try {
      await writeFile(temporary, `${JSON.stringify(recording, null, 2)}\n`, { flag: "wx" });
      await rename(temporary, file);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    return file;
  }
}

/** `000007.converse-stream.{target}.json`; the target is scrubbed and kept to file-name-safe characters. */
export function recordingFileName(
  sequence: number,
  operation: string | undefined,
  target: string | undefined,
): string {
  const number = String(sequence).padStart(SEQUENCE_DIGITS, "0");
  const kind = operation ? operation.replace(/(?<=[a-z])(?=[A-Z])/g, "-").toLowerCase() : "unknown-operation";
  const safeTarget = scrubAccountIds(target ?? "")
    .replace(/[^A-Za-z0-9._-]+/g, "_")
    .slice(0, 120);
  return safeTarget ? `${number}.${kind}.${safeTarget}.json` : `${number}.${kind}.json`;
}
