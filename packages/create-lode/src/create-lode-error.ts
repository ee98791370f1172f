/** A problem with what the person asked for: printed as one line, exit code 1, nothing written. */
export class CreateLodeError extends Error {
  override name = "CreateLodeError";
}
