import type { RunReport } from '../runtime/index.ts';
import { formatMs } from '../runtime/timings.ts';
import { printable } from '../util/printable.ts';
import type { Paint } from './style.ts';

/** `mctl run`'s notes for people, on stderr: stand-ins, warnings, timings, --output, --expect. */
export function renderRunSummary(report: RunReport, colour: Paint): string {
  // Warnings and differences quote the script's words and values: no terminal escapes from them.
  const paint: Paint = (style, text) => colour(style, printable(text, true));
  const lines: string[] = [];
  if (report.standins.length > 0)
    lines.push(
      paint(
        'dim',
        `stand-ins used for ${report.standins.join(', ')} (the platform's own modules are not installed here)`,
      ),
    );
  for (const warning of report.warnings) lines.push(`${paint('yellow', 'warning:')} ${printable(warning, true)}`);
  const t = report.timings;
  const calls =
    t.calls === 1
      ? `run ${formatMs(t.maxMs)}`
      : `${t.calls} calls: p50 ${formatMs(t.p50Ms)} · p95 ${formatMs(t.p95Ms)} · max ${formatMs(t.maxMs)}` +
        `${t.warmup ? ` (after ${t.warmup} warm-up)` : ''}`;
  lines.push(paint('dim', `start ${formatMs(t.startMs)} · init ${formatMs(t.initMs)} · ${calls}`));
  if (report.output) lines.push(`wrote ${printable(report.output, true)}`);
  if (report.expect) {
    const e = report.expect;
    const file = printable(e.file, true);
    if (e.passed) lines.push(`${paint('green', '✔')} output matches ${file} (tolerance ${e.tolerance})`);
    else {
      lines.push(`${paint('red', '✖')} output differs from ${file} (tolerance ${e.tolerance}):`);
      for (const d of e.differences) lines.push(printable(`  ${d.path}: ${d.message}`, true));
      if (e.differences.length >= 20) lines.push('  … (first 20 differences shown)');
    }
  }
  return `${lines.join('\n')}\n`;
}
