import { SEVERITY_ORDER, type Finding } from '../findings/finding.ts';
import type { BuiltSpec } from './build/index.ts';
import type { Target } from './checks/spec-rules.ts';
import type { FlavorChoice } from './discover.ts';
import type { ClassifiedImport } from './imports/classify.ts';
import type { LocalReport } from './local.ts';
import type { NativeLocalReport } from './native/local.ts';
import type { ToolResult } from './resolve/types.ts';

/**
 * What `mctl env check` reports, in both modes: `python` (a conda environment.yml and/or
 * requirements.txt) and `native` (a TS/JS entry and its package.json). The shape is one, so
 * --json consumers and the text report read both the same way; fields of the other mode
 * are null or empty.
 */
export interface EnvCheckResult {
  mode: 'python' | 'native';
  flavor: { id: string; title: string; source: FlavorChoice['source']; reasons: string[] } | null;
  entry: string | null;
  /** The target Python (python mode); null for native. */
  pythonVersion: string | null;
  pythonSource: Target['source'] | null;
  files: { file: string; kind: 'conda' | 'requirements' | 'modelarts-config' | 'package.json'; included: boolean }[];
  declared: {
    name: string;
    installer: string;
    specifier: string;
    text: string;
    file: string;
    line: number;
    col: number;
    pinned: boolean;
    constraint: boolean;
    /** package.json section (native). */
    section?: string;
  }[];
  modules: string[];
  imports: ClassifiedImport[];
  findings: Finding[];
  summary: { errors: number; warnings: number; infos: number; imports: number; undeclared: number };
  built: BuiltSpec | null;
  local: PythonLocal | NativeLocalReport | null;
  resolve: { tools: ToolResult[] } | null;
  maxWarnings: number | null;
  failed: boolean;
  notes: string[];
}

export type PythonLocal = Omit<LocalReport, 'interpreter'> & { interpreter: string; source: string };

/** Sorted findings, their counts, and whether the check failed (errors, or more warnings than allowed). */
export function summarise(
  findings: Finding[],
  imports: ClassifiedImport[],
  maxWarnings: number | null,
): Pick<EnvCheckResult, 'findings' | 'summary' | 'failed'> {
  const final = sortFindings(findings);
  const summary = {
    errors: final.filter((f) => f.severity === 'error').length,
    warnings: final.filter((f) => f.severity === 'warning').length,
    infos: final.filter((f) => f.severity === 'info').length,
    imports: imports.length,
    undeclared: imports.filter((i) => i.kind === 'undeclared').length,
  };
  const failed = summary.errors > 0 || (maxWarnings !== null && summary.warnings > maxWarnings);
  return { findings: final, summary, failed };
}

function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      cmp(a.file, b.file) ||
      a.line - b.line ||
      a.col - b.col ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      cmp(a.ruleId, b.ruleId) ||
      cmp(a.message, b.message),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
