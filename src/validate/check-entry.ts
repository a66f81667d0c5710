import type { GivenPath, ResolvedTarget } from '../project/target.ts';
import { readSourceFile } from '../source/read.ts';
import { checkFile, type FileJob, type FileReport } from './check-file.ts';
import type { RuleSetting } from '../findings/rules.ts';

export type EntryTarget = Extract<ResolvedTarget, { kind: 'entry' }>;

/** The validate checks of a resolved entry, with its flavor settled as checkFile settles it. */
export function checkEntry(target: EntryTarget, options: { rules: Record<string, RuleSetting> }): FileReport {
  const functionName = target.handler?.ref.functionName;
  const job: FileJob = {
    path: target.entry.path,
    display: target.entry.shown,
    explicit: true,
    ...(target.flavor ? { flavor: target.flavor.id, flavorSource: target.flavor.source } : {}),
    ...(functionName ? { handlerFunction: functionName } : {}),
  };
  return checkFile(job, readEntry(target.entry), { target: target.python.version, rules: options.rules });
}

export function readEntry(entry: GivenPath): Buffer {
  return readSourceFile(entry.path, entry.shown);
}
