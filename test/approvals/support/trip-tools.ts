import { defineTool } from "@lode/tools";
import { z } from "zod";

/** Tools of a trip planner: booking needs approval over 100 €, the weather never does. Calls are counted. */
export function tripTools() {
  const booked: { city: string; price: number }[] = [];
  const weatherCalls: string[] = [];
  const bookTrip = defineTool({
    name: "book_trip",
    description: "Books a trip to a city.",
    input: z.object({ city: z.string(), price: z.number() }),
    needsApproval: ({ price }) => price > 100,
    run: ({ city, price }) => {
      booked.push({ city, price });
      return { booked: city, price };
    },
  });
  const weather = defineTool({
    name: "get_weather",
    description: "The weather in a city.",
    input: z.object({ city: z.string() }),
    run: ({ city }) => {
      weatherCalls.push(city);
      return { city, sky: "sunny" };
    },
  });
  return { tools: [bookTrip, weather], booked, weatherCalls };
}

/** The model's first turn: two bookings (one needs approval at 250 €, one does not at 80 €) and the weather. */
export const TRIP_CALLS = {
  content: [
    { text: "Booking both trips and checking the weather." },
    { toolUse: { name: "book_trip", input: { city: "Oslo", price: 250 }, id: "tu_oslo" } },
    { toolUse: { name: "book_trip", input: { city: "Porto", price: 80 }, id: "tu_porto" } },
    { toolUse: { name: "get_weather", input: { city: "Oslo" }, id: "tu_weather" } },
  ],
};

/** Two bookings that both need approval, and the weather. */
export const TWO_APPROVALS = {
  content: [
    { toolUse: { name: "book_trip", input: { city: "Oslo", price: 250 }, id: "tu_oslo" } },
    { toolUse: { name: "book_trip", input: { city: "Lima", price: 900 }, id: "tu_lima" } },
    { toolUse: { name: "get_weather", input: { city: "Oslo" }, id: "tu_weather" } },
  ],
};
