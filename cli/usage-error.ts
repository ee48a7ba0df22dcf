/** Thrown for a malformed command line; the CLI prints the message and exits with code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Thrown for input that is well-formed on the command line but wrong (exit code 1). */
export class InputError extends Error {
  override name = 'InputError';
}
