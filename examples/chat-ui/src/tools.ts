import { defineTool } from "@lode/tools";
import { z } from "zod";

/** Made-up but stable weather, so the demo needs no network. */
const STATIONS: Record<string, { tempC: number; sky: string; windKph: number }> = {
  lisbon: { tempC: 21, sky: "sunny", windKph: 14 },
  oslo: { tempC: 4, sky: "light snow", windKph: 9 },
  paris: { tempC: 15, sky: "overcast", windKph: 11 },
  tokyo: { tempC: 18, sky: "clear", windKph: 7 },
};

export const getWeather = defineTool({
  name: "get_weather",
  description: "Current weather for a city: temperature in °C, the sky and the wind.",
  input: z.object({ city: z.string().describe("City name, e.g. Lisbon") }),
  run: async ({ city }, ctx) => {
    ctx.progress(`asking the ${city} station`);
    const found = STATIONS[city.toLowerCase()];
    if (!found) {
      const known = Object.keys(STATIONS).map((name) => name[0]?.toUpperCase() + name.slice(1));
      throw new Error(`No weather station for ${city}. Known cities: ${known.join(", ")}.`);
    }
    return { city, ...found };
  },
});

export const convertTemperature = defineTool({
  name: "convert_temperature",
  description: "Convert a temperature from Celsius to Fahrenheit.",
  input: z.object({ celsius: z.number() }),
  run: ({ celsius }) => ({ celsius, fahrenheit: Math.round((celsius * 9) / 5 + 32) }),
});

/**
 * Books a (pretend) trip. Spending money needs a person's yes: every call waits for the page's Approve or
 * Deny, across requests (the run ends, and the page's decision starts the next one).
 */
export const bookTrip = defineTool({
  name: "book_trip",
  description: "Book a trip to a city for a number of nights. The user approves each booking first.",
  input: z.object({ city: z.string(), nights: z.number().int().min(1).max(30) }),
  needsApproval: true,
  run: ({ city, nights }) => ({
    booked: true,
    reference: `LODE-${city.slice(0, 3).toUpperCase()}-${nights}N`,
    city,
    nights,
  }),
});

/** The tools the chat agent may call. */
export const chatTools = [getWeather, convertTemperature, bookTrip];
