import { defineTool, image } from "@lode/tools";
import { z } from "zod";
import { PIXEL } from "./awkward-server.js";

/** Lode tools to serve over MCP: one that answers JSON, one that reports progress, one that draws. */
export function weatherTools() {
  return [
    defineTool({
      name: "get_weather",
      description: "The weather in a city.",
      input: z.object({ city: z.string() }),
      run: ({ city }) => ({ city, sky: city === "Oslo" ? "snow" : "sun" }),
    }),
    defineTool({
      name: "forecast",
      description: "A three-day forecast, day by day.",
      input: z.object({ city: z.string() }),
      run: async ({ city }, context) => {
        for (const day of [1, 2, 3]) context.progress(`day ${day}`);
        return `${city}: sun, sun, rain`;
      },
    }),
    defineTool({
      name: "radar",
      description: "The radar picture.",
      input: z.object({}),
      run: () => image(Buffer.from(PIXEL, "base64"), "png"),
    }),
  ];
}
