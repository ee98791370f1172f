import { defineTool } from "@lode/tools";
import { z } from "zod";

/** A booking tool whose calls always wait for a person's approval; what it booked is counted. */
export function bookingTool() {
  const booked: string[] = [];
  const tool = defineTool({
    name: "book_trip",
    description: "Books a trip to a city.",
    input: z.object({ city: z.string() }),
    needsApproval: true,
    run: ({ city }) => {
      booked.push(city);
      return { booked: city };
    },
  });
  return { tool, booked };
}

/** The model's turn that books Oslo (a call waiting for approval). */
export const BOOK_OSLO = {
  content: [
    { text: "Booking Oslo." },
    { toolUse: { name: "book_trip", input: { city: "Oslo" }, id: "tu_oslo" } },
  ],
};
