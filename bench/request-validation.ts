/**
 * What bedrock-local's request validation costs per request, now that every member is checked against the
 * SDK's model: the full check of a Converse body (the schema walk, then Bedrock's conversation checks) for
 * conversations of growing length, each turn a user question, an assistant tool use and its result. Figures
 * are microseconds per check (median of rounds) and the body's size; the scripted model's own work and the
 * HTTP exchange are not included.
 *
 * Run: npx tsx bench/run-all.ts request-validation
 */
import { createReasoningSigner } from "../packages/bedrock-local/src/reasoning/reasoning-signer.js";
import { checkBody } from "../packages/bedrock-local/src/validation/schema/check-body.js";
import { inputShape } from "../packages/bedrock-local/src/validation/schema/sdk-shapes.js";
import { validateConverseRequest } from "../packages/bedrock-local/src/validation/validate-converse-request.js";
import { sized } from "./support/smoke.js";
import { median } from "./support/stats.js";

const TURNS = sized([1, 10, 50, 200], [1, 10]);
const ROUNDS = sized(7, 1);
/** Checks a round makes, spread over the turns: fewer calls on long conversations, but at least MIN_CALLS. */
const CALLS = sized(2000, 10);
const MIN_CALLS = sized(5, 1);

const signer = createReasoningSigner("bench");
const toolConfig = {
  tools: [
    {
      toolSpec: {
        name: "search",
        description: "Searches the reports.",
        inputSchema: { json: { type: "object", properties: { query: { type: "string" } } } },
      },
    },
  ],
};

function conversation(turns: number): Record<string, unknown> {
  const messages: unknown[] = [];
  for (let turn = 0; turn < turns; turn++) {
    const id = `tooluse_${turn}`;
    messages.push(
      { role: "user", content: [{ text: `Question ${turn}: how did sales do in region ${turn}?` }] },
      {
        role: "assistant",
        content: [{ toolUse: { toolUseId: id, name: "search", input: { query: `sales ${turn}` } } }],
      },
      {
        role: "user",
        content: [
          {
            toolResult: {
              toolUseId: id,
              status: "success",
              content: [{ text: "Sales rose by 12% over the quarter." }],
            },
          },
        ],
      },
      { role: "assistant", content: [{ text: `In region ${turn}, sales rose by 12%.` }] },
    );
  }
  messages.push({ role: "user", content: [{ text: "Summarise." }] });
  return { messages, system: [{ text: "Be terse." }], toolConfig, inferenceConfig: { maxTokens: 512 } };
}

function microsPerCall(run: () => void, rounds: number, calls: number): number {
  const samples: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const start = performance.now();
    for (let call = 0; call < calls; call++) run();
    samples.push(((performance.now() - start) * 1000) / calls);
  }
  return median(samples);
}

const shape = inputShape("Converse");
console.log(
  `${"turns".padStart(6)} ${"body".padStart(9)}  ${"schema walk µs".padStart(15)}  ${"whole check µs".padStart(15)}`,
);
for (const turns of TURNS) {
  const body = conversation(turns);
  const calls = Math.max(MIN_CALLS, Math.round(CALLS / turns));
  const walk = microsPerCall(() => checkBody(body, shape), ROUNDS, calls);
  const whole = microsPerCall(() => validateConverseRequest(body, { signer }), ROUNDS, calls);
  const size = `${(JSON.stringify(body).length / 1000).toFixed(1)} KB`;
  console.log(
    `${String(turns).padStart(6)} ${size.padStart(9)}  ${walk.toFixed(1).padStart(15)}  ${whole.toFixed(1).padStart(15)}`,
  );
}
