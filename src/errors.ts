/**
 * The one error type mctl throws. A finding (something wrong in the user's files that a
 * command reports) is data and is returned; an MctlError stops the command.
 * main.ts is the only place that turns it into an exit code.
 */

/** Exit classes, documented in the README. Never renumber: CI scripts depend on them. */
export const EXIT = {
  OK: 0,
  FINDINGS: 1,
  USAGE: 2,
  BAD_INPUT: 3,
  UNSAFE: 4,
  EXISTS: 5,
  USER_CODE: 6,
  ENVIRONMENT: 7,
  INTERNAL: 70,
  TIMEOUT: 124,
  INTERRUPTED: 130,
} as const;

export type ExitClass = keyof typeof EXIT;

export interface MctlErrorOptions {
  exit: ExitClass;
  hint?: string;
  cause?: unknown;
  /** Structured facts for --json (paths, fields, values); keep it JSON-serialisable. */
  details?: Record<string, unknown>;
}

export class MctlError extends Error {
  override readonly name = 'MctlError';
  /** Stable SCREAMING_SNAKE identifier, e.g. CONFIG_INVALID. */
  readonly code: string;
  readonly exit: ExitClass;
  readonly hint: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, options: MctlErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.exit = options.exit;
    this.hint = options.hint;
    this.details = options.details;
  }

  get exitCode(): number {
    return EXIT[this.exit];
  }
}

/** Node's errno code of a failed fs call, if any (ENOENT, EACCES, …). */
export function errnoCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}
