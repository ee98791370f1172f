import { defineTool } from "@lode/tools";
import { z } from "zod";

/** Made-up but stable weather, so the demo needs no network. */
const CLIMATE: Record<string, { tempC: number; sky: string }> = {
  lisbon: { tempC: 21, sky: "sunny" },
  oslo: { tempC: 4, sky: "light snow" },
};

export const getWeather = defineTool({
  name: "get_weather",
  description: "Current weather for a city: temperature in °C and the sky.",
  input: z.object({ city: z.string().describe("City name, e.g. Lisbon") }),
  run: async ({ city }, ctx) => {
    ctx.progress(`looking up ${city}`);
    const found = CLIMATE[city.toLowerCase()];
    if (!found) throw new Error(`No weather station for ${city}. Known cities: Lisbon, Oslo.`);
    return { city, ...found };
  },
});

export const convertTemperature = defineTool({
  name: "convert_temperature",
  description: "Convert a temperature from Celsius to Fahrenheit.",
  input: z.object({ celsius: z.number() }),
  run: ({ celsius }) => ({ celsius, fahrenheit: Math.round((celsius * 9) / 5 + 32) }),
});

export const localTime = defineTool({
  name: "local_time",
  description: "The local time in a city's time zone, as HH:MM.",
  input: z.object({ timeZone: z.enum(["Europe/Lisbon", "Europe/Oslo"]) }),
  run: ({ timeZone }) =>
    new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit" }).format(new Date()),
});

export const demoTools = [getWeather, convertTemperature, localTime];
