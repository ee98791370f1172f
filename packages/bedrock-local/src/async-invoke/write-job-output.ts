import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { AsyncInvokeJob } from "./async-invoke-job.js";
import type { JobOutputFile } from "./run-job.js";

/**
 * Writes a completed job's files where S3 would hold them: `s3://bucket/prefix` maps to
 * `<outputDir>/bucket/prefix/<invocation id>/`, next to a `manifest.json` listing them. Returns the folder.
 */
export async function writeJobOutput(
  outputDir: string,
  job: AsyncInvokeJob,
  files: readonly JobOutputFile[],
): Promise<string> {
  const s3Folder = `${job.s3OutputDataConfig.s3Uri.replace(/\/+$/, "")}/${job.invocationId}`;
  const folder = path.join(outputDir, ...localSegments(s3Folder.slice("s3://".length)));
  await mkdir(folder, { recursive: true });
  for (const file of files) await writeJson(path.join(folder, file.name), file.content);
  await writeJson(path.join(folder, "manifest.json"), {
    invocationArn: job.invocationArn,
    modelArn: job.modelArn,
    outputFiles: files.map((file) => `${s3Folder}/${file.name}`),
  });
  return folder;
}

/**
 * The key's segments as local folder names. S3 keys may hold `.`, `..` and empty segments, which would move a
 * local path elsewhere (or outside the output folder), so those are dropped or escaped.
 */
function localSegments(key: string): string[] {
  return key
    .split("/")
    .filter((segment) => segment !== "" && segment !== ".")
    .map((segment) => (segment === ".." ? "%2E%2E" : segment));
}

async function writeJson(file: string, content: unknown): Promise<void> {
  await writeFile(file, `${JSON.stringify(content, null, 2)}\n`);
}
