/**
 * What checking a tool's `json` result costs before it is sent (`toJsonResult`: Dates, BigInts, NaN,
 * circular references and the like made sendable or refused with where they are). Two results: a small
 * object, as most tools return, and 10,000 rows of small objects. Figures are µs per result, the median
 * of rounds.
 *
 * Run: npx tsx bench/run-all.ts tool-result-json
 */
import { toJsonResult } from "../packages/core/src/tools/json-result.js";
import { sized } from "./support/smoke.js";
import { median } from "./support/stats.js";

const ROUNDS = sized(7, 1);
const results = [
  {
    name: "small object (3 fields)",
    value: { city: "Lisbon", tempC: 21, sky: "sunny" },
    times: sized(200_000, 10),
  },
  {
    name: "10,000 rows of 5 fields",
    value: Array.from({ length: sized(10_000, 100) }, (_, id) => ({
      id,
      name: `row ${id}`,
      price: id * 1.5,
      tags: ["a", "b"],
      nested: { ok: true, "odd key": 1 },
    })),
    times: sized(20, 1),
  },
];

function µsPerResult(value: unknown, times: number): number {
  const started = performance.now();
  for (let time = 0; time < times; time++) if (!toJsonResult(value).ok) throw new Error("refused");
  return ((performance.now() - started) * 1000) / times;
}

console.log(`Checking a tool's json result (µs a result), median of ${ROUNDS} rounds`);
for (const { name, value, times } of results) {
  µsPerResult(value, times);
  const rounds = Array.from({ length: ROUNDS }, () => µsPerResult(value, times));
  console.log(`${name.padEnd(26)} ${median(rounds).toFixed(2)}`);
}
