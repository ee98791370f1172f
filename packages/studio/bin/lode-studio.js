#!/usr/bin/env node
// The published package's command: the compiled CLI (in this repository, `pnpm studio` runs its source).
import "../dist/cli/main.js";
