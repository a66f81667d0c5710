import { importFrom, importName } from '../parse/imports.ts';
import { FAILED, ParseState } from '../parse/state.ts';
import * as K from '../tokens/kinds.ts';
import type { TokenStream } from '../tokens/stream.ts';
import type { OutlineCollector } from './collector.ts';

/**
 * After a syntax error the recognizer stops; `env check` still wants the imports of the
 * rest of the file (it reports syntax errors to no one, validate does). This reads every
 * import statement that starts a line after the error: scope is guessed from indentation.
 */
export function scanImportsAfter(tokens: TokenStream, from: number, out: OutlineCollector): void {
  if (from < 0) return;
  const p = new ParseState(tokens, out);
  const { kinds } = tokens;
  for (let i = from + 1; i < tokens.count; i++) {
    const k = kinds[i];
    if (k !== K.KW_IMPORT && k !== K.KW_FROM) continue;
    const prev = kinds[i - 1];
    if (prev !== K.NEWLINE && prev !== K.INDENT && prev !== K.DEDENT && prev !== K.SEMI) continue;
    p.pos = i;
    const indented = tokens.lines.colOf(tokens.starts[i]!) > 1;
    try {
      out.guessScope(indented ? 'function' : 'module');
      if (k === K.KW_IMPORT) importName(p);
      else importFrom(p);
    } catch (error) {
      if (error !== FAILED) throw error;
    } finally {
      out.guessScope(null);
    }
  }
}
