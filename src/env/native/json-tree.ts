/**
 * The only importer of jsonc-parser, loaded on first use: JSON with positions, so findings in
 * package.json can name line:col. Validity itself is decided by JSON.parse, as npm and Node
 * decide it; this tree only places things. See docs/decisions.md.
 */
import { createRequire } from 'node:module';
import type * as Jsonc from 'jsonc-parser';
import type { Position } from '../../source/types.ts';
import { positionIndex } from '../../util/positions.ts';

const require = createRequire(import.meta.url);
let jsonc: typeof Jsonc | undefined;

export interface JsonTree {
  /** Where the value at this path starts (`['dependencies', 'lodash']` → the `"^4"`; numbers index arrays). */
  valueAt(path: (string | number)[]): Position | undefined;
  /** Where the key of the member at this path is written (`"lodash"`). */
  keyAt(path: (string | number)[]): Position | undefined;
  /** The first syntax error strict JSON parsing meets, with a readable reason. */
  firstError(): { loc: Position; reason: string } | undefined;
}

const REASONS: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'a property name in double quotes was expected (a trailing comma?)',
  ValueExpected: 'a value was expected (a trailing comma?)',
  ColonExpected: 'a colon was expected',
  CommaExpected: 'a comma was expected',
  CloseBraceExpected: 'a closing } was expected',
  CloseBracketExpected: 'a closing ] was expected',
  EndOfFileExpected: 'text after the end of the JSON value',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'comments are not allowed in JSON',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid \\u escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'a control character inside a string',
};

export function jsonTree(text: string): JsonTree {
  jsonc ??= require('jsonc-parser') as typeof Jsonc;
  const parser = jsonc;
  const errors: Jsonc.ParseError[] = [];
  // Comments and trailing commas are errors: package.json is read by JSON.parse, not JSONC.
  const root = parser.parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  const at = positionIndex(text);
  const find = (path: (string | number)[]) => (root ? parser.findNodeAtLocation(root, path) : undefined);
  return {
    valueAt: (path) => {
      const node = find(path);
      return node ? at(node.offset) : undefined;
    },
    keyAt: (path) => {
      const key = find(path)?.parent?.children?.[0];
      return key ? at(key.offset) : undefined;
    },
    firstError: () => {
      const first = errors[0];
      if (!first) return undefined;
      const name = parser.printParseErrorCode(first.error);
      return { loc: at(first.offset), reason: REASONS[name] ?? name };
    },
  };
}
