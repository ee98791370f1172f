import type { Fault } from "./fault.js";

/** The faults a server injects, with how many uses each has left. */
export class FaultPlan {
  private entries: { fault: Fault; remaining: number }[] = [];

  constructor(faults: Fault[] = []) {
    for (const fault of faults) this.add(fault);
  }

  add(fault: Fault): void {
    this.entries.push({ fault, remaining: fault.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.entries = [];
  }

  /** The first unspent fault matching the request, counting one use of it. */
  take(request: { requestNumber: number; modelId: string; operation: string }): Fault | undefined {
    const entry = this.entries.find(({ fault, remaining }) => remaining > 0 && matches(fault, request));
    if (!entry) return undefined;
    entry.remaining -= 1;
    return entry.fault;
  }
}

function matches(
  fault: Fault,
  request: { requestNumber: number; modelId: string; operation: string },
): boolean {
  const when = fault.when;
  if (!when) return true;
  if (when.operation !== undefined && when.operation !== request.operation) return false;
  if (when.modelId !== undefined && when.modelId !== request.modelId) return false;
  if (when.requestNumber !== undefined) {
    const numbers = Array.isArray(when.requestNumber) ? when.requestNumber : [when.requestNumber];
    if (!numbers.includes(request.requestNumber)) return false;
  }
  return true;
}
