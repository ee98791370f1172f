import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const exampleDir = fileURLToPath(new URL("..", import.meta.url));

describe("the guardrails demo", () => {
  it("shows a refused question, a masked answer and a masked tool result, as a person sees them", async () => {
    const env = {
      ...process.env,
      NO_COLOR: "1",
      AWS_ACCESS_KEY_ID: "",
      AWS_PROFILE: "",
      LODE_MODEL_ID: "",
      LODE_GUARDRAIL_ID: "",
    };
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: exampleDir,
      env,
    });

    expect(stderr).toBe("");
    expect(stdout).toContain("Using bedrock-local at http://127.0.0.1:");
    // 1. The question is refused, and the next one in the same session is answered.
    expect(stdout).toContain(
      [
        "you: Any stock tips for today?",
        "assistant: I can't help with investing questions.",
        'guardrail: blocked the question: denied topic "Investing"',
      ].join("\n"),
    );
    expect(stdout).toContain(
      "assistant: Parcel P-1 left our Lisbon depot this morning; it arrives tomorrow.",
    );
    // 2. The answer's email address is masked.
    expect(stdout).toContain(
      "assistant: Refunds are handled by our billing team: write to {EMAIL} with your order number.",
    );
    expect(stdout).toContain('guardrail: masked the answer: EMAIL "refunds@example.com"');
    expect(stdout).not.toContain(
      "assistant: Refunds are handled by our billing team: write to refunds@example.com",
    );
    // 3. The tool result is masked before the model reads it.
    expect(stdout).toContain(
      [
        '→ find_customer {"id":"C-7"}',
        'guardrail: masked find_customer\'s result: EMAIL "ana.lima@example.com"',
        '← find_customer {"id":"C-7","name":"Ana Lima","email":"{EMAIL}","plan":"Pro"}',
      ].join("\n"),
    );
    expect(stdout).not.toContain("\x1b[");
  });
});
