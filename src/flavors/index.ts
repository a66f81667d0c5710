import { MctlError } from '../errors.ts';
import type { Outline } from '../source/types.ts';
import { closest } from '../util/suggest.ts';
import { ads } from './ads.ts';
import { azureml } from './azureml.ts';
import { cortex } from './cortex.ts';
import { deepdev } from './deepdev.ts';
import { hf } from './hf.ts';
import { mms } from './mms.ts';
import { modelarts } from './modelarts.ts';
import { native } from './native.ts';
import { FLAVOR_IDS, languageOf, type Detection, type Flavor, type FlavorContext, type FlavorId } from './types.ts';

/** The flavor table: every command reads platforms from here and hard-codes none. */
export const FLAVORS: Record<FlavorId, Flavor> = { deepdev, cortex, modelarts, ads, mms, azureml, hf, native };

export { FLAVOR_IDS, type Flavor, type FlavorId };

export function isFlavorId(value: string): value is FlavorId {
  return (FLAVOR_IDS as readonly string[]).includes(value);
}

/** A flavor id from a flag or a file, or a usage error with a did-you-mean. */
export function requireFlavor(value: string): FlavorId {
  if (isFlavorId(value)) return value;
  const guess = closest(value, FLAVOR_IDS);
  throw new MctlError('FLAVOR_UNKNOWN', `unknown flavor '${value}'`, {
    exit: 'USAGE',
    hint: `${guess ? `did you mean '${guess}'? ` : ''}flavors: ${FLAVOR_IDS.join(', ')}`,
    details: { value },
  });
}

export interface DetectionResult {
  /** The single best flavor, or null when none fits or two fit equally. */
  flavor: FlavorId | null;
  reasons: string[];
  /** Flavors that tie for best, when ambiguous. */
  candidates: FlavorId[];
}

/** Which platform's contract does this outline follow? Ties are reported, never guessed. */
export function detectFlavor(outline: Outline, ctx: FlavorContext): DetectionResult {
  const language = languageOf(outline);
  const scored: { id: FlavorId; detection: Detection }[] = [];
  for (const flavor of Object.values(FLAVORS)) {
    if (flavor.language !== language) continue;
    const detection =
      flavor.language === 'python'
        ? flavor.detect(outline as Extract<Outline, { language: 'python' }>, ctx)
        : flavor.detect(outline as Exclude<Outline, { language: 'python' }>, ctx);
    if (detection.score > 0) scored.push({ id: flavor.id, detection });
  }
  scored.sort((a, b) => b.detection.score - a.detection.score);
  const best = scored[0];
  if (!best) return { flavor: null, reasons: [], candidates: [] };
  const tied = scored.filter((s) => s.detection.score === best.detection.score);
  if (tied.length > 1)
    return { flavor: null, reasons: tied.flatMap((t) => t.detection.reasons), candidates: tied.map((t) => t.id) };
  return { flavor: best.id, reasons: best.detection.reasons, candidates: [best.id] };
}

export function checkFlavor(flavor: Flavor, outline: Outline, ctx: FlavorContext) {
  if (flavor.language === 'python' && outline.language === 'python') return flavor.check(outline, ctx);
  if (flavor.language === 'script' && outline.language !== 'python') return flavor.check(outline, ctx);
  return [];
}
