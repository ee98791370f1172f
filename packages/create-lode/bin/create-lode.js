#!/usr/bin/env node
// npm create lode (npm exec create-lode): the compiled CLI, built into dist/ before the package is packed.
import { runCli } from "../dist/cli.js";

process.exitCode = await runCli(process.argv.slice(2));
