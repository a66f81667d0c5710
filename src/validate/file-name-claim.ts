import { FLAVORS, checkFlavor, type FlavorId } from '../flavors/index.ts';
import { languageOf, type FlavorContext } from '../flavors/types.ts';
import type { Outline } from '../source/types.ts';
import type { Report } from './finding.ts';

const MISSING = new Set(['missing-callable', 'entry-class']);

/**
 * A script that fits no contract but carries a platform's entry file name (score.py,
 * handler.py, predictor.py, …: a flavor's exactName or entryNames) is that platform's entry
 * with something missing. The flavor missing the least is taken; when platforms tie, each
 * one's missing callables are reported, so the finding always names what is missing.
 */
export type FileNameClaim = { flavor: FlavorId; reason: string } | { reports: Report[] };

export function claimByFileName(outline: Outline, ctx: FlavorContext): FileNameClaim | null {
  const claims = Object.values(FLAVORS)
    .filter((f) => f.language === languageOf(outline))
    .filter((f) => f.fileName.exactName === ctx.fileName || f.fileName.entryNames?.includes(ctx.fileName))
    .map((f) => ({ flavor: f, missing: checkFlavor(f, outline, ctx).filter((r) => MISSING.has(r.ruleId)) }));
  if (claims.length === 0) return null;
  const fewest = Math.min(...claims.map((c) => c.missing.length));
  const best = claims.filter((c) => c.missing.length === fewest);
  if (best.length === 1) {
    const { flavor } = best[0]!;
    return { flavor: flavor.id, reason: `the file is named ${ctx.fileName}, ${flavor.title}'s entry script name` };
  }
  return { reports: best.flatMap((c) => c.missing) };
}
