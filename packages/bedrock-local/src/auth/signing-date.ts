import { refuse } from "./auth-refusals.js";

/** How far a request's signing date may be from the server's clock, either way, as AWS allows. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * The signing date of `x-amz-date` (`YYYYMMDDTHHMMSSZ`), refused when it is more than five minutes from `now`
 * with AWS's "Signature expired" or "Signature not yet current".
 */
export function checkSigningDate(amzDate: string, now: Date): Date {
  const parts = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  const date = parts
    ? new Date(Date.UTC(+parts[1]!, +parts[2]! - 1, +parts[3]!, +parts[4]!, +parts[5]!, +parts[6]!))
    : undefined;
  if (!date || Number.isNaN(date.getTime()) || formatAmzDate(date) !== amzDate)
    throw refuse.malformedDate(amzDate);
  const skew = date.getTime() - now.getTime();
  if (skew < -MAX_CLOCK_SKEW_MS)
    throw refuse.signatureExpired(
      amzDate,
      formatAmzDate(new Date(now.getTime() - MAX_CLOCK_SKEW_MS)),
      formatAmzDate(now),
    );
  if (skew > MAX_CLOCK_SKEW_MS)
    throw refuse.signatureNotYetCurrent(
      amzDate,
      formatAmzDate(new Date(now.getTime() + MAX_CLOCK_SKEW_MS)),
      formatAmzDate(now),
    );
  return date;
}

/** `2025-01-30T20:38:27.123Z` as SigV4 writes it: `20250130T203827Z`. */
export function formatAmzDate(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace(/[-:]/g, "")}Z`;
}
