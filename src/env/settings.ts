import type { RuleSetting } from '../findings/rules.ts';
import type { Finding } from '../findings/finding.ts';
import type { EnvSpec } from './spec.ts';

/**
 * `# mctl: disable=env-…` comments on spec lines, then mctl.yaml `env.rules` (off, or
 * another severity). Comments in Python sources are applied where the import findings are
 * made, from the outline's suppressions.
 */
export function applyRuleSettings(findings: Finding[], spec: EnvSpec, rules: Record<string, RuleSetting>): Finding[] {
  const silenced = new Map<string, Set<string>>();
  for (const item of [...spec.conda, ...spec.pip, ...spec.pipOptions]) {
    if (item.suppressed.length === 0) continue;
    const key = `${item.file}:${item.loc.line}`;
    silenced.set(key, new Set([...(silenced.get(key) ?? []), ...item.suppressed]));
  }
  const out: Finding[] = [];
  for (const finding of findings) {
    const ids = silenced.get(`${finding.file}:${finding.line}`);
    if (ids && (ids.has(finding.ruleId) || ids.has('all'))) continue;
    const setting = rules[finding.ruleId];
    if (setting === 'off') continue;
    out.push(setting ? { ...finding, severity: setting } : finding);
  }
  return out;
}
