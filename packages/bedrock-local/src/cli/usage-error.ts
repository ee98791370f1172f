/** A mistake in how the CLI was called or in a file it was given: exit code 2. */
export class UsageError extends Error {}
