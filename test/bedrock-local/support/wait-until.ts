/** Resolves once `condition` holds, checking between turns of the event loop (a test's timeout bounds it). */
export async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
