import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/*/src/**/*.test.ts", "test/**/*.test.ts", "examples/*/**/*.test.ts"],
    // The installed-package tests pack and npm-install the release: their own, slower run.
    exclude: ["**/node_modules/**", "**/dist/**", "test/installed/**", "**/templates/**"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: "forks",
    // Test files of one worker share the modules they import (the AWS SDK, zod, Lode itself) instead of
    // loading them again per file: that import time was a third of the run. A test that mocks a module
    // loads what uses it afresh (see packages/tools/src/schema-to-json.test.ts).
    isolate: false,
    // Two workers on the two cores these machines have (vitest's default keeps one core free, which here
    // leaves one): most tests wait on sockets and timers, so two run side by side without contending.
    maxWorkers: 2,
    // The AWS SDK warns that its 2027 releases will need Node 22; these machines run Node 20.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  },
});
