import { printable } from '../util/printable.ts';
import { plural, type Paint } from './style.ts';
import type { Finding, Severity } from '../findings/finding.ts';
import type { EnvCheckResult } from '../env/result.ts';

const COLORS: Record<Severity, 'red' | 'yellow' | 'cyan'> = { error: 'red', warning: 'yellow', info: 'cyan' };

/** The env check report for people: findings grouped by file (as validate prints them), then what was checked. */
export function formatEnvText(result: EnvCheckResult, paint: Paint): string {
  const out: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const f of result.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  for (const [file, findings] of byFile) {
    out.push(paint('underline', printable(file)));
    const width = Math.max(...findings.map((f) => `${f.line}:${f.col}`.length));
    for (const f of findings) {
      out.push(
        `  ${paint('gray', `${f.line}:${f.col}`.padEnd(width))}  ${paint(COLORS[f.severity], f.severity.padEnd(7))}  ` +
          `${printable(f.message)}  ${paint('gray', f.ruleId)}`,
      );
      if (f.hint)
        out.push(
          `  ${' '.repeat(width)}  ${' '.repeat(7)}  ` +
            `${paint('dim', `hint: ${printable(f.hint, true).replace(/\n/g, `\n  ${' '.repeat(width + 17)}`)}`)}`,
        );
    }
    out.push('');
  }
  out.push(...sections(result, paint));
  out.push(summaryLine(result, paint));
  for (const note of result.notes) out.push(paint('gray', printable(note)));
  return `${out.join('\n')}\n`;
}

function sections(result: EnvCheckResult, paint: Paint): string[] {
  const lines: string[] = [];
  const label = (text: string) => paint('bold', text.padEnd(9));
  if (result.imports.length > 0) {
    const counts = new Map<string, number>();
    for (const i of result.imports) counts.set(i.kind, (counts.get(i.kind) ?? 0) + 1);
    const parts = [...counts].map(([kind, n]) => `${n} ${kind}`).join(', ');
    lines.push(
      `${label('imports')}${plural(result.imports.length, 'import')} ` +
        `in ${plural(result.modules.length, 'file')}: ${parts}`,
    );
  }
  if (result.local) {
    const counts = new Map<string, number>();
    for (const p of result.local.packages) counts.set(p.status, (counts.get(p.status) ?? 0) + 1);
    const found = [...counts].map(([s, n]) => `${n} ${s}`).join(', ') || 'nothing to look up';
    const where =
      'node' in result.local
        ? `node_modules for Node.js ${result.local.node}`
        : `Python ${result.local.python} at ${printable(result.local.executable)} (${result.local.source})`;
    lines.push(`${label('local')}${where}: ${found}`);
  }
  for (const tool of result.resolve?.tools ?? []) {
    const detail =
      tool.status === 'ok'
        ? tool.installs
          ? `would install ${plural(tool.installs.length, 'package')}`
          : 'resolves'
        : printable(tool.reason ?? '');
    lines.push(`${label('resolve')}${tool.tool} ${tool.status}${tool.scope ? ` (${tool.scope})` : ''}: ${detail}`);
  }
  if (result.built) {
    const names = result.built.files.map((f) => printable(f.file)).join(' and ');
    lines.push(
      `${label('built')}${names}${result.built.written ? ' written' : ''}` +
        `${result.built.cuda ? ` on ${result.built.cuda.image}` : ''}`,
    );
  }
  if (lines.length > 0) lines.push('');
  return lines;
}

function summaryLine(result: EnvCheckResult, paint: Paint): string {
  const { errors, warnings, infos } = result.summary;
  const files =
    result.files
      .filter((f) => !f.included)
      .map((f) => printable(f.file))
      .join(', ') || 'no package.json';
  const flavor = result.flavor ? ` for ${result.flavor.title}` : '';
  const scope = `${files}${flavor}${result.pythonVersion ? `, Python ${result.pythonVersion}` : ''}`;
  const noteText = infos > 0 ? `, ${plural(infos, 'note')}` : '';
  const over =
    result.maxWarnings !== null && warnings > result.maxWarnings
      ? ` (more than --max-warnings ${result.maxWarnings})`
      : '';
  if (errors + warnings === 0) return `${paint('green', '✔')} ${scope}: no problems${noteText}`;
  const mark = result.failed ? paint('red', '✖') : paint('yellow', '⚠');
  return (
    `${mark} ${plural(errors + warnings, 'problem')} ` +
    `(${plural(errors, 'error')}, ${plural(warnings, 'warning')}${over})${noteText} in ${scope}`
  );
}
