import { EXIT, MctlError } from '../errors.ts';
import { printable } from '../util/printable.ts';
import type { Paint } from './style.ts';

export interface ErrorDocument {
  code: string;
  message: string;
  hint?: string;
  exitCode: number;
  details?: Record<string, unknown>;
}

/** Any thrown value as the error object of a --json failure document. */
export function errorDocument(error: unknown, debug: boolean): ErrorDocument {
  if (error instanceof MctlError) {
    return {
      code: error.code,
      message: error.message,
      ...(error.hint ? { hint: error.hint } : {}),
      exitCode: error.exitCode,
      ...(error.details ? { details: error.details } : {}),
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    code: 'INTERNAL',
    message: `internal error: ${message}`,
    hint: debug
      ? 'this is a bug in mctl; please report it with the stack trace'
      : 'this is a bug in mctl; rerun with --debug for the stack trace and report it',
    exitCode: EXIT.INTERNAL,
    ...(debug && error instanceof Error ? { details: { stack: error.stack } } : {}),
  };
}

/** The same error for people, on stderr. Stack traces only with --debug. */
export function humanError(error: unknown, debug: boolean, paint: Paint): string {
  const doc = errorDocument(error, debug);
  // Messages quote file names and archive members: shown with their control characters escaped.
  const lines = [`${paint(['red', 'bold'], 'error:')} ${printable(doc.message, true)}`];
  if (doc.hint) lines.push(`${paint('dim', 'hint:')} ${printable(doc.hint, true)}`);
  if (debug) {
    if (error instanceof Error && error.stack) lines.push(paint('gray', error.stack));
    const cause = error instanceof Error ? error.cause : undefined;
    if (cause instanceof Error && cause.stack) lines.push(paint('gray', `caused by: ${cause.stack}`));
  }
  return `${lines.join('\n')}\n`;
}
