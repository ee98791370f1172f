import { readFile, stat } from "node:fs/promises";
import type { Fault } from "../faults/fault.js";
import type { GuardrailChecksScript } from "../guardrail-checks/guardrail-checks-script.js";
import type { GuardrailDefinition } from "../guardrails/guardrail-definition.js";
import { parseScript } from "../models/scripted/parse-script.js";
import { UsageError } from "./usage-error.js";

/*
 * The files the CLI's flags name, read and checked: a file that is missing or wrong is a UsageError that
 * names the flag's file, so the CLI exits with 2.
 */

export async function checkFolder(folder: string): Promise<void> {
  const found = await stat(folder).catch(() => undefined);
  if (!found?.isDirectory()) throw new UsageError(`--replay ${folder}: no such folder`);
}

/** Reads and checks a script, so a bad one is reported with its path and the CLI exits with 2. */
export async function readScript(file: string) {
  try {
    return parseScript(JSON.parse(await readFile(file, "utf8")));
  } catch (error) {
    throw new UsageError(`script ${file}: ${(error as Error).message}`);
  }
}

export async function readGuardrails(file: string): Promise<GuardrailDefinition[]> {
  try {
    const value: unknown = JSON.parse(await readFile(file, "utf8"));
    if (!Array.isArray(value)) throw new Error("must hold a JSON array of guardrail definitions");
    return value as GuardrailDefinition[];
  } catch (error) {
    throw new UsageError(`guardrails ${file}: ${(error as Error).message}`);
  }
}

export async function readGuardrailChecks(file: string): Promise<GuardrailChecksScript> {
  try {
    const value: unknown = JSON.parse(await readFile(file, "utf8"));
    if (typeof value !== "object" || value === null || Array.isArray(value))
      throw new Error(
        "must hold a JSON object (contentFilter, promptAttack, entityPatterns, entityConfidence)",
      );
    return value as GuardrailChecksScript;
  } catch (error) {
    throw new UsageError(`guardrail checks ${file}: ${(error as Error).message}`);
  }
}

export async function readFaults(file: string): Promise<Fault[]> {
  try {
    const value: unknown = JSON.parse(await readFile(file, "utf8"));
    if (!Array.isArray(value) || !value.every((fault) => typeof fault === "object" && fault !== null))
      throw new Error("must hold a JSON array of faults (objects)");
    return value as Fault[];
  } catch (error) {
    throw new UsageError(`faults ${file}: ${(error as Error).message}`);
  }
}

export async function readTls(files: { key: string; cert: string }): Promise<{ key: Buffer; cert: Buffer }> {
  const read = (file: string, flag: string) =>
    readFile(file).catch(() => {
      throw new UsageError(`${flag} ${file}: cannot be read`);
    });
  return { key: await read(files.key, "--tls-key"), cert: await read(files.cert, "--tls-cert") };
}
