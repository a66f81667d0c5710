import type { Finding } from '../../findings/finding.ts';
import { envFinding } from '../../findings/env-rules.ts';
import type { Outline } from '../../source/types.ts';
import type { Position } from '../../util/position.ts';
import { osReason } from '../../util/os-error.ts';

/**
 * A local module whose imports cannot be followed: it could not be read, or its text is no
 * source at all (undecodable, binary). Reported once, as a warning, by the Python and the
 * native walks alike; the walk goes on without it.
 */
export function unreadableModule(display: string, reason: string, loc?: Position): Finding {
  return envFinding('env-import-unreadable', {
    file: display,
    ...(loc ? { loc } : {}),
    message: `imports not checked: ${reason}`,
    hint: loc ? 'mctl validate explains the problem' : 'check that the file is readable',
  });
}

/**
 * A directory the walk could not search (EACCES for another user's mode-700 package): the
 * modules imported from under it are neither read nor taken for undeclared distributions.
 */
export function unreadableDirectory(display: string, error: unknown): Finding {
  return envFinding('env-import-unreadable', {
    file: display,
    message: `imports not checked: ${display}: cannot search the directory: ${osReason(error)}`,
    hint: 'check the permissions of the directory and of the directories above it',
  });
}

/** The outline, or undefined after recording why its imports cannot be read from it. */
export function readableOutline<T extends Pick<Outline, 'problems'>>(
  outline: T,
  display: string,
  findings: Finding[],
): T | undefined {
  const fatal = outline.problems.find((p) => p.kind === 'encoding' || p.kind === 'binary');
  if (!fatal) return outline;
  findings.push(unreadableModule(display, fatal.message, fatal.loc));
  return undefined;
}
