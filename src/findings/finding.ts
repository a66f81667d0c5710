import type { Position } from '../util/position.ts';

export type Severity = 'error' | 'warning' | 'info';

/** One problem found in a user's file. Findings are data: they are returned, never thrown. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  file: string;
  line: number;
  col: number;
  hint?: string;
}

/** What a flavor check or rule reports before severities and suppressions are applied. */
export interface Report {
  ruleId: string;
  message: string;
  loc: Position;
  hint?: string;
  /** Overrides the rule's default severity (e.g. module-name is an error only for some flavors). */
  severity?: Severity;
}

export const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
