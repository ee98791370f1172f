import { defineTool } from "@lode/tools";
import { vi } from "vitest";
import { z } from "zod";

/** A customer lookup by id, whose run is a spy; by default its result carries an email address. */
export function customerLookup(
  run = vi.fn(
    async ({ id }: { id: string }): Promise<Record<string, string>> => ({ id, email: "ana@example.com" }),
  ),
) {
  return {
    run,
    tool: defineTool({
      name: "find_customer",
      description: "Find a customer by id.",
      input: z.object({ id: z.string() }),
      run,
    }),
  };
}
