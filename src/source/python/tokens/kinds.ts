/**
 * Token kinds of CPython's tokenizer (Grammar/Tokens), numbered for a Uint8Array. Keywords get
 * kinds of their own so that the parsers compare numbers, never strings; soft keywords
 * (match, case, _, type) stay NAME, as in CPython.
 */
export const ENDMARKER = 0;
export const NAME = 1;
export const NUMBER = 2;
export const STRING = 3;
export const NEWLINE = 4;
export const INDENT = 5;
export const DEDENT = 6;
export const LPAR = 7;
export const RPAR = 8;
export const LSQB = 9;
export const RSQB = 10;
export const COLON = 11;
export const COMMA = 12;
export const SEMI = 13;
export const PLUS = 14;
export const MINUS = 15;
export const STAR = 16;
export const SLASH = 17;
export const VBAR = 18;
export const AMPER = 19;
export const LESS = 20;
export const GREATER = 21;
export const EQUAL = 22;
export const DOT = 23;
export const PERCENT = 24;
export const LBRACE = 25;
export const RBRACE = 26;
export const EQEQUAL = 27;
export const NOTEQUAL = 28;
export const LESSEQUAL = 29;
export const GREATEREQUAL = 30;
export const TILDE = 31;
export const CIRCUMFLEX = 32;
export const LEFTSHIFT = 33;
export const RIGHTSHIFT = 34;
export const DOUBLESTAR = 35;
export const PLUSEQUAL = 36;
export const MINEQUAL = 37;
export const STAREQUAL = 38;
export const SLASHEQUAL = 39;
export const PERCENTEQUAL = 40;
export const AMPEREQUAL = 41;
export const VBAREQUAL = 42;
export const CIRCUMFLEXEQUAL = 43;
export const LEFTSHIFTEQUAL = 44;
export const RIGHTSHIFTEQUAL = 45;
export const DOUBLESTAREQUAL = 46;
export const DOUBLESLASH = 47;
export const DOUBLESLASHEQUAL = 48;
export const AT = 49;
export const ATEQUAL = 50;
export const RARROW = 51;
export const ELLIPSIS = 52;
export const COLONEQUAL = 53;
/** `!`: a token of its own from 3.12 (f-string conversions); before that an unknown character. */
export const EXCLAMATION = 54;
/** A character that starts no token (`$`, `?`, a backtick): CPython's generic OP, which no rule accepts. */
export const OP = 55;
/** `<>`: NOTEQUAL to CPython's tokenizer, refused by the parser unless `barry_as_FLUFL` is enabled by flag. */
export const LTGT = 56;
export const FSTRING_START = 57;
export const FSTRING_MIDDLE = 58;
export const FSTRING_END = 59;
export const TSTRING_START = 60;
export const TSTRING_MIDDLE = 61;
export const TSTRING_END = 62;
/** Where the tokenizer failed: the token after the last good one. No rule accepts it. */
export const ERRORTOKEN = 63;

export const KW_FALSE = 64;
export const KW_NONE = 65;
export const KW_TRUE = 66;
export const KW_AND = 67;
export const KW_AS = 68;
export const KW_ASSERT = 69;
export const KW_ASYNC = 70;
export const KW_AWAIT = 71;
export const KW_BREAK = 72;
export const KW_CLASS = 73;
export const KW_CONTINUE = 74;
export const KW_DEF = 75;
export const KW_DEL = 76;
export const KW_ELIF = 77;
export const KW_ELSE = 78;
export const KW_EXCEPT = 79;
export const KW_FINALLY = 80;
export const KW_FOR = 81;
export const KW_FROM = 82;
export const KW_GLOBAL = 83;
export const KW_IF = 84;
export const KW_IMPORT = 85;
export const KW_IN = 86;
export const KW_IS = 87;
export const KW_LAMBDA = 88;
export const KW_NONLOCAL = 89;
export const KW_NOT = 90;
export const KW_OR = 91;
export const KW_PASS = 92;
export const KW_RAISE = 93;
export const KW_RETURN = 94;
export const KW_TRY = 95;
export const KW_WHILE = 96;
export const KW_WITH = 97;
export const KW_YIELD = 98;

const KEYWORD_NAMES = [
  'False',
  'None',
  'True',
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'nonlocal',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'while',
  'with',
  'yield',
];

/** Keyword text → kind. */
export const KEYWORDS: ReadonlyMap<string, number> = new Map(KEYWORD_NAMES.map((name, i) => [name, KW_FALSE + i]));

export function isKeyword(kind: number): boolean {
  return kind >= KW_FALSE;
}

/** The source text CPython would quote for a punctuation or keyword kind (error messages). */
export function kindText(kind: number): string {
  if (kind >= KW_FALSE) return KEYWORD_NAMES[kind - KW_FALSE]!;
  return PUNCTUATION[kind] ?? '';
}

const PUNCTUATION: Record<number, string> = {
  [LPAR]: '(',
  [RPAR]: ')',
  [LSQB]: '[',
  [RSQB]: ']',
  [COLON]: ':',
  [COMMA]: ',',
  [SEMI]: ';',
  [PLUS]: '+',
  [MINUS]: '-',
  [STAR]: '*',
  [SLASH]: '/',
  [VBAR]: '|',
  [AMPER]: '&',
  [LESS]: '<',
  [GREATER]: '>',
  [EQUAL]: '=',
  [DOT]: '.',
  [PERCENT]: '%',
  [LBRACE]: '{',
  [RBRACE]: '}',
  [EQEQUAL]: '==',
  [NOTEQUAL]: '!=',
  [LESSEQUAL]: '<=',
  [GREATEREQUAL]: '>=',
  [TILDE]: '~',
  [CIRCUMFLEX]: '^',
  [LEFTSHIFT]: '<<',
  [RIGHTSHIFT]: '>>',
  [DOUBLESTAR]: '**',
  [PLUSEQUAL]: '+=',
  [MINEQUAL]: '-=',
  [STAREQUAL]: '*=',
  [SLASHEQUAL]: '/=',
  [PERCENTEQUAL]: '%=',
  [AMPEREQUAL]: '&=',
  [VBAREQUAL]: '|=',
  [CIRCUMFLEXEQUAL]: '^=',
  [LEFTSHIFTEQUAL]: '<<=',
  [RIGHTSHIFTEQUAL]: '>>=',
  [DOUBLESTAREQUAL]: '**=',
  [DOUBLESLASH]: '//',
  [DOUBLESLASHEQUAL]: '//=',
  [AT]: '@',
  [ATEQUAL]: '@=',
  [RARROW]: '->',
  [ELLIPSIS]: '...',
  [COLONEQUAL]: ':=',
  [EXCLAMATION]: '!',
  [LTGT]: '<>',
};

/** Augmented assignment operators (`+=` … `//=`, `@=`). */
export function isAugAssign(kind: number): boolean {
  return (kind >= PLUSEQUAL && kind <= DOUBLESTAREQUAL) || kind === DOUBLESLASHEQUAL || kind === ATEQUAL;
}
