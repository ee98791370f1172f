import { fileURLToPath } from "node:url";

/** The shared corpus of real Bedrock Runtime recordings (read-only ground truth). */
export const RECORDINGS_DIR = fileURLToPath(
  new URL("../../../shared/fixtures/bedrock-recordings/", import.meta.url),
);
