import type { OutlineCollector } from '../outline/collector.ts';
import type { TokenStream } from '../tokens/stream.ts';
import { FAILED, ParseState, type Feature } from './state.ts';
import { parseModule } from './statements.ts';

/**
 * The fast path: decides whether an error-free token stream is a valid module, recording
 * the outline and the syntax features newer than some Python versions as it goes.
 */
export function recognize(tokens: TokenStream, out: OutlineCollector | null): { ok: boolean; features: Feature[]; failedAt: number } {
  const p = new ParseState(tokens, out);
  try {
    parseModule(p);
    return { ok: true, features: p.features, failedAt: -1 };
  } catch (error) {
    if (error === FAILED) return { ok: false, features: p.features, failedAt: p.pos };
    throw error;
  }
}
