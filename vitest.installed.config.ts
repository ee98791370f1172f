import { defineConfig } from "vitest/config";

/**
 * The user's path: the packages as a release would publish them (packed once, by the global setup),
 * installed with npm into folders outside the workspace and run on plain Node 20, 22 and 24. Slow (npm
 * installs), so it is its own run: `pnpm test:installed`, which the README's test command includes.
 */
export default defineConfig({
  test: {
    include: ["test/installed/**/*.test.ts"],
    globalSetup: ["test/installed/support/pack-once.ts"],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: "forks",
    maxWorkers: 2,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  },
});
