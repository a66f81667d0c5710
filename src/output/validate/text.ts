import { FLAVORS } from '../../flavors/index.ts';
import { printable } from '../../util/printable.ts';
import { plural, type Paint } from '../style.ts';
import type { FileReport } from '../../validate/check-file.ts';
import type { Severity } from '../../findings/finding.ts';
import type { ValidateResult } from '../../validate/index.ts';

const COLORS: Record<Severity, 'red' | 'yellow' | 'cyan'> = { error: 'red', warning: 'yellow', info: 'cyan' };

/** Findings grouped by file, then one summary line. */
export function formatText(result: ValidateResult, paint: Paint): string {
  const out: string[] = [];
  for (const file of result.files) {
    if (file.findings.length === 0) {
      // An entry script without findings still says which contract it was held to, and why.
      if (file.role === 'entry') out.push(`${printable(file.file)}${paint('gray', printable(describeFlavor(file)))}`);
      continue;
    }
    out.push(paint('underline', printable(file.file)) + paint('gray', printable(describeFlavor(file))));
    const width = Math.max(...file.findings.map((f) => `${f.line}:${f.col}`.length));
    for (const f of file.findings) {
      const where = `${f.line}:${f.col}`.padEnd(width);
      out.push(
        `  ${paint('gray', where)}  ${paint(COLORS[f.severity], f.severity.padEnd(7))}  ` +
          `${printable(f.message)}  ${paint('gray', f.ruleId)}`,
      );
      if (f.hint) out.push(`  ${' '.repeat(width)}  ${' '.repeat(7)}  ${paint('dim', `hint: ${printable(f.hint)}`)}`);
    }
    out.push('');
  }
  out.push(summaryLine(result, paint));
  if (result.pythonVersionFrom && result.pythonVersionFrom !== 'default')
    out.push(paint('gray', printable(`Python ${result.pythonVersion} (${result.pythonVersionFrom})`)));
  if (result.note) out.push(paint('gray', printable(result.note)));
  return `${out.join('\n')}\n`;
}

function describeFlavor(file: FileReport): string {
  if (!file.flavor) return file.role === 'module' ? '  (module)' : '';
  const source =
    file.flavorSource === 'detected'
      ? `detected: ${file.reasons.join('; ')}`
      : 'from ' +
        (file.flavorSource === 'flag' ? '--flavor' : file.flavorSource === 'config' ? 'mctl.yaml' : 'a handler string');
  return `  ${FLAVORS[file.flavor].title} (${source})`;
}

function summaryLine(result: ValidateResult, paint: Paint): string {
  const { errors, warnings, infos, files, entries } = result.summary;
  const scope = `${plural(files, 'file')} checked, ${plural(entries, 'entry script')}`;
  const problems = errors + warnings;
  const infoNote = infos > 0 ? `, ${plural(infos, 'note')}` : '';
  const overWarnings =
    result.maxWarnings !== null && warnings > result.maxWarnings
      ? ` (more than --max-warnings ${result.maxWarnings})`
      : '';
  if (problems === 0) return `${paint('green', '✔')} ${scope}: no problems${infoNote}`;
  const mark = result.failed ? paint('red', '✖') : paint('yellow', '⚠');
  return (
    `${mark} ${plural(problems, 'problem')} ` +
    `(${plural(errors, 'error')}, ${plural(warnings, 'warning')}${overWarnings})${infoNote} in ${scope}`
  );
}
