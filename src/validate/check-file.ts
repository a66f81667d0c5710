import { basename } from 'node:path';
import { FLAVORS, checkFlavor, detectFlavor, type FlavorId } from '../flavors/index.ts';
import type { CallPlan, FlavorContext } from '../flavors/types.ts';
import { outlineSource } from '../source/index.ts';
import type { PythonVersion } from '../source/python/version.ts';
import { isSuppressed } from '../source/suppressions.ts';
import type { Outline, SourceProblemKind } from '../source/types.ts';
import { SEVERITY_ORDER, type Finding, type Report } from '../findings/finding.ts';
import { claimByFileName } from './file-name-claim.ts';
import { checkFileName } from './names.ts';
import { ruleInfo, type RuleSetting } from '../findings/rules.ts';

/** One file to check; plain data so it can cross to a worker thread. */
export interface FileJob {
  path: string;
  /** Path shown in findings (relative to the cwd, forward slashes). */
  display: string;
  /** Named by the user, so it must be an entry script. */
  explicit: boolean;
  flavor?: FlavorId;
  flavorSource?: 'flag' | 'config' | 'handler';
  handlerFunction?: string;
}

export interface CheckOptions {
  target: PythonVersion;
  rules: Record<string, RuleSetting>;
}

export type FlavorSource = 'flag' | 'config' | 'handler' | 'detected';

export interface FileReport {
  file: string;
  language: Outline['language'];
  /** entry: checked against a flavor's contract; module: only parsed (a helper next to the entry). */
  role: 'entry' | 'module';
  flavor: FlavorId | null;
  flavorSource: FlavorSource | null;
  /** Why the flavor was detected. */
  reasons: string[];
  findings: Finding[];
  /**
   * How the platform will build and call this entry, as its flavor reads it from the source (for mctl
   * run and the archive shim).
   */
  callPlan?: CallPlan;
}

const PROBLEM_RULES: Record<SourceProblemKind, string> = {
  syntax: 'syntax-error',
  indentation: 'syntax-error',
  python2: 'syntax-error',
  version: 'python-version',
  encoding: 'source-encoding',
  binary: 'source-encoding',
};

export function checkFile(job: FileJob, bytes: Uint8Array, options: CheckOptions): FileReport {
  const outline = outlineSource(bytes, { file: job.display, target: options.target });
  const fileName = basename(job.path);
  const ctx: FlavorContext = {
    file: job.display,
    fileName,
    moduleName: fileName.replace(/\.[^.]*$/, ''),
    target: options.target,
    ...(job.handlerFunction ? { handlerFunction: job.handlerFunction } : {}),
  };
  const reports: Report[] = outline.problems.map((p) => ({
    ruleId: PROBLEM_RULES[p.kind],
    message: p.message,
    loc: p.loc,
    ...(p.hint ? { hint: p.hint } : {}),
  }));
  const broken = outline.problems.some((p) => p.kind !== 'version');

  let flavor: FlavorId | null = job.flavor ?? null;
  let flavorSource: FlavorSource | null = job.flavor ? (job.flavorSource ?? 'flag') : null;
  let reasons: string[] = [];
  let role: FileReport['role'] = job.explicit ? 'entry' : 'module';
  let callPlan: CallPlan | undefined;
  if (!broken) {
    const detection = detectFlavor(outline, ctx);
    // A handler string only implies TorchServe/MMS: a script named without `:function` that
    // plainly fits another platform (`--handler score.py` for Azure ML's score.py) is that one's.
    if (job.flavorSource === 'handler' && !job.handlerFunction && detection.flavor && detection.flavor !== flavor)
      flavor = null;
    const unmatched = !flavor && detection.candidates.length === 0 && job.explicit;
    const claim = unmatched ? claimByFileName(outline, ctx) : null;
    if (flavor) {
      const forced = FLAVORS[flavor];
      const fits = detection.candidates.includes(flavor) || forced.fileName.exactName === fileName || job.explicit;
      if (fits) role = 'entry';
      if (forced.language !== (outline.language === 'python' ? 'python' : 'script')) {
        reports.push({
          ruleId: 'flavor-unknown',
          message:
            `${forced.title} entry scripts are ` +
            (forced.language === 'python' ? 'Python' : 'TypeScript/JavaScript') +
            ` files, but this is ${outline.language}`,
          loc: { line: 1, col: 1 },
          hint: 'pass the right file, or another --flavor',
        });
        role = 'module';
      }
    } else if (detection.flavor) {
      flavor = detection.flavor;
      flavorSource = 'detected';
      reasons = detection.reasons;
      role = 'entry';
    } else if (claim) {
      if ('flavor' in claim) {
        flavor = claim.flavor;
        flavorSource = 'detected';
        reasons = [claim.reason];
      } else {
        reports.push(...claim.reports);
      }
    } else if (job.explicit) {
      const ambiguous = detection.candidates.length > 1;
      reports.push({
        ruleId: 'flavor-unknown',
        message: ambiguous
          ? `this script fits ${detection.candidates.map((c) => FLAVORS[c].title).join(' and ')} equally`
          : 'this script matches no known platform contract',
        loc: { line: 1, col: 1 },
        hint: ambiguous
          ? `pass --flavor ${detection.candidates.join(' or --flavor ')} (or set flavor: in mctl.yaml)`
          : `pass --flavor (${Object.keys(FLAVORS).join(', ')}), ` +
            'or check that the entry functions are defined at module level',
      });
    }
    if (role === 'entry' && flavor) {
      const selected = FLAVORS[flavor];
      reports.push(...checkFileName(fileName, ctx.moduleName, selected, options.target));
      reports.push(...checkFlavor(selected, outline, ctx));
      if (selected.language === 'python' && outline.language === 'python') callPlan = selected.callPlan?.(outline, ctx);
      if (job.handlerFunction && flavor !== 'mms')
        reports.push(...checkHandlerFunction(outline, job.handlerFunction, fileName));
    }
  }
  return {
    file: job.display,
    language: outline.language,
    role,
    flavor: role === 'entry' ? flavor : null,
    flavorSource: role === 'entry' ? flavorSource : null,
    reasons,
    findings: toFindings(reports, outline, job.display, options.rules),
    ...(callPlan ? { callPlan } : {}),
  };
}

/** `--handler module:function` for flavors whose own check does not look the function up. */
function checkHandlerFunction(outline: Outline, name: string, fileName: string): Report[] {
  const defined =
    outline.language === 'python'
      ? outline.names.some((n) => n.name === name)
      : outline.exports.some((e) => e.name === name);
  return defined
    ? []
    : [
        {
          ruleId: 'handler-not-found',
          message: `the handler names '${name}', but ${fileName} defines no such function`,
          loc: { line: 1, col: 1 },
          hint: `define ${name} in ${fileName}, or fix the handler string`,
        },
      ];
}

function toFindings(reports: Report[], outline: Outline, file: string, rules: Record<string, RuleSetting>): Finding[] {
  const findings: Finding[] = [];
  for (const report of reports) {
    const setting = rules[report.ruleId];
    if (setting === 'off') continue;
    if (isSuppressed(outline.suppressions, report.ruleId, report.loc.line)) continue;
    findings.push({
      ruleId: report.ruleId,
      severity: setting ?? report.severity ?? ruleInfo(report.ruleId).severity,
      message: report.message,
      file,
      line: report.loc.line,
      col: report.loc.col,
      ...(report.hint ? { hint: report.hint } : {}),
    });
  }
  return findings.sort(
    (a, b) => a.line - b.line || a.col - b.col || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity],
  );
}
