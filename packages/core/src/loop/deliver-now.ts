import type { UnstampedEvent } from "../contracts/agent-event.js";
import type { RunContext } from "./run-context.js";

const NONE: readonly UnstampedEvent[] = [];

/**
 * Hands `events` straight to the run's driver when nobody reads the run's events one at a time (`run()`, see
 * `RunContext.deliverDirectly`), and returns what is left for the caller to yield: nothing then, all of them
 * otherwise. Written `for (const event of leftToYield(ctx, …)) yield event`, it spares `run()` a generator hop
 * per event on every layer the event would have crossed, and the promises each hop makes. The order is the
 * same either way: delivery is synchronous, at the point the events would have been yielded.
 */
export function leftToYield(ctx: RunContext, ...events: UnstampedEvent[]): readonly UnstampedEvent[] {
  const deliver = ctx.deliverDirectly;
  if (deliver === undefined) return events;
  for (const event of events) {
    deliver(event);
    // A listener that threw takes direct delivery back: the rest go the slow way, where the driver fails the run.
    if (ctx.deliverDirectly === undefined) return events.slice(events.indexOf(event) + 1);
  }
  return NONE;
}
