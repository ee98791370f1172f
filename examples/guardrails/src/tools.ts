import { defineTool } from "@lode/tools";
import { z } from "zod";

/** Made-up customers: their records hold an email address, which the tool guardrail masks. */
const CUSTOMERS: Record<string, { name: string; email: string; plan: string }> = {
  "C-7": { name: "Ana Lima", email: "ana.lima@example.com", plan: "Pro" },
};

export const findCustomer = defineTool({
  name: "find_customer",
  description: "A customer's record (name, email, plan) by customer id, e.g. C-7.",
  input: z.object({ id: z.string().describe("The customer id") }),
  run: ({ id }) => {
    const customer = CUSTOMERS[id];
    if (!customer) throw new Error(`No customer ${id}. Known: ${Object.keys(CUSTOMERS).join(", ")}.`);
    return { id, ...customer };
  },
});
