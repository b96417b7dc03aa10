/**
 * @module twenty-webhooks/cli/usage
 * Exit codes, and the error for a bad flag or input: the CLI prints it as one line on stderr
 * and exits with USAGE, never with a stack trace.
 */

/** The CLI's exit codes, one table. */
export const EXIT = Object.freeze({
  /** The command did what was asked: the delivery verifies, every answer was 2xx. */
  OK: 0,
  /** It ran, and the answer is no: a delivery that does not verify, a non-2xx answer, a timeout. */
  FAILED: 1,
  /** A bad flag or input: nothing was done. */
  USAGE: 2,
  /** A fault of the CLI itself (EX_SOFTWARE). */
  INTERNAL: 70,
});

/** A bad flag or input. `message` is one line that says what to change. */
export class UsageError extends Error {
  constructor(message) {
    super(message);
    this.name = "UsageError";
    this.code = "USAGE";
  }
}

/** An integer flag within bounds, or a UsageError naming the flag. */
export function integerFlag(name, text, { min, max }) {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not "${text}"`);
  }
  return Number(text);
}

/** Epoch milliseconds given as digits (Twenty's own format), or a UsageError. */
export function millisFlag(name, text) {
  if (!/^\d{1,16}$/.test(text)) throw new UsageError(`--${name} must be epoch milliseconds (digits, e.g. ${Date.now()}), not "${text}"`);
  return Number(text);
}

/**
 * A command that ran and got a no it cannot go on from (the receiver refused the token, or
 * cannot be reached): one line on stderr with its code and hint, exit FAILED unless told.
 */
export class CommandFailure extends Error {
  constructor({ code, message, hint }, exitCode = EXIT.FAILED) {
    super(message);
    this.name = "CommandFailure";
    this.code = code;
    this.hint = hint;
    this.exitCode = exitCode;
  }
}
