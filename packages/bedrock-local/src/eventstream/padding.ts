const PADDING_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/**
 * The `p` field Bedrock adds to every stream event so that payload sizes do not reveal token lengths:
 * a prefix of `abc…XYZ0123…` whose length varies. Lengths here come from a small deterministic
 * sequence, so two runs of one script produce the same bytes.
 */
export function paddingFor(sequence: number): string {
  const length = 1 + ((sequence * 37 + 11) % 50);
  return PADDING_ALPHABET.slice(0, length);
}

/** Adds `p` in the position newer captures use: keys sorted, so `p` lands among the others alphabetically. */
export function withPadding(payload: Record<string, unknown>, sequence: number): Record<string, unknown> {
  const padded: Record<string, unknown> = { ...payload, p: paddingFor(sequence) };
  return Object.fromEntries(
    Object.keys(padded)
      .sort()
      .map((key) => [key, padded[key]]),
  );
}
