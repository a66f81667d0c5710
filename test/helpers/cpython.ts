/**
 * The machine's CPython as the judge of mctl's Python parser: one python process per batch
 * compiles every source with `compile(src, f, 'exec', ast.PyCF_ONLY_AST)` and reports
 * CPython's verdict and, for errors, its message, line and column. A source the parser accepts
 * is compiled too, and the compiler's errors of the kinds mctl checks
 * (src/source/python/parse/compile-checks.ts) count; its other errors do not.
 */
import { execFileSync } from 'node:child_process';
import type { PythonOutline, SourceProblem } from '../../src/source/types.ts';

export const PYTHON = process.env.MCTL_TEST_PYTHON ?? 'python3';

export interface CPythonResult {
  type: string;
  message: string;
  line: number;
  col: number;
}

/** The compiler's errors mctl reports (src/source/python/parse/compile-checks.ts). */
const COMPILE_STAGE = new Set([
  "'return' outside function",
  "'yield' outside function",
  "'break' outside loop",
  "'continue' not properly in loop",
  'nonlocal declaration not allowed at module level',
  "'await' outside function",
  "'await' outside async function",
  "'async for' outside async function",
  "'async with' outside async function",
  'from __future__ imports must occur at the beginning of the file',
  'not a chance',
]);
/** future.c's message for an unknown feature names it. */
const isCompileStage = (message: string) => COMPILE_STAGE.has(message) || message.startsWith('future feature ');

const COMPILE = String.raw`
import ast, json, sys
out = []
COMPILE_CHECKED = set(json.loads(sys.argv[1]))
items = json.load(sys.stdin)
for item in items:
    try:
        if item.get("path"):
            with open(item["path"], "rb") as f:
                src = f.read()
        else:
            src = item["source"]
        compile(src, item.get("path") or "<case>", "exec", ast.PyCF_ONLY_AST)
        try:
            # What the compiler refuses after the parser accepted: only the kinds mctl checks.
            compile(src, item.get("path") or "<case>", "exec", dont_inherit=True)
            out.append(None)
        except SyntaxError as e:
            if e.msg in COMPILE_CHECKED or e.msg.startswith("future feature "):
                out.append({"type": "SyntaxError", "message": e.msg, "line": e.lineno or 0, "col": e.offset or 0})
            else:
                # A compile error of a kind mctl does not check (a __future__ import out of place,
                # a nonlocal without a binding) may hide one it does: not comparable.
                out.append({"type": "Unchecked", "message": e.msg, "line": e.lineno or 0, "col": e.offset or 0})
        except Exception:
            out.append(None)
    except SyntaxError as e:
        out.append({"type": type(e).__name__, "message": e.msg, "line": e.lineno or 0, "col": e.offset or 0})
    except (ValueError, MemoryError, RecursionError) as e:
        out.append({"type": type(e).__name__, "message": str(e), "line": 0, "col": 0})
print(json.dumps(out))
`;

/** null: CPython accepts the source. `python` may be another interpreter (e.g. python3.9). */
export function cpythonResults(
  items: ({ source: string } | { path: string })[],
  python = PYTHON,
): (CPythonResult | null)[] {
  const output = execFileSync(python, ['-W', 'ignore', '-c', COMPILE, JSON.stringify([...COMPILE_STAGE])], {
    input: JSON.stringify(items),
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  return JSON.parse(output) as (CPythonResult | null)[];
}

export function cpythonVersion(python = PYTHON): { major: number; minor: number; text: string } {
  const text = execFileSync(python, ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3])'], {
    encoding: 'utf8',
  }).trim();
  const [major, minor] = text.split('.').map(Number) as [number, number];
  return { major, minor, text };
}

/** CPython reports columns in characters; the outline counts UTF-16 units (and never 0). */
export function cpythonColumn(source: string, line: number, col: number): number {
  const text = source.split(/\r\n|\r|\n/)[line - 1] ?? '';
  let units = 0;
  let chars = 0;
  while (chars < col - 1 && units < text.length) {
    const code = text.charCodeAt(units);
    units += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
    chars++;
  }
  return Math.max(1, units + 1 + (col - 1 - chars));
}

/** The problem mctl reports as CPython's error (a version problem when nothing else is wrong). */
export function reported(outline: PythonOutline): SourceProblem | undefined {
  return outline.problems.find((p) => p.kind !== 'version') ?? outline.problems[0];
}

/** A line describing how mctl and CPython differ on one source, or null when they agree. */
export function disagreement(
  source: string,
  outline: PythonOutline,
  cpython: CPythonResult | null,
  compareMessages: boolean,
): string | null {
  const mine = reported(outline);
  const shown = JSON.stringify(source.length > 300 ? `${source.slice(0, 300)}…` : source);
  if (cpython?.type === 'Unchecked') {
    // CPython parses it and its compiler refuses it for a reason mctl does not check, which may
    // come before one it does: mctl may accept it or report a compile-stage error, nothing else.
    if (!mine || isCompileStage(mine.message)) return null;
    return `${shown}: CPython parses it (then refuses: ${cpython.message}), mctl reports ${mine.message}`;
  }
  if (!cpython && !mine) return null;
  if (!cpython) return `${shown}: CPython accepts, mctl reports ${mine!.loc.line}:${mine!.loc.col} ${mine!.message}`;
  if (!mine) return `${shown}: CPython reports ${cpython.line}:${cpython.col} ${cpython.message}, mctl accepts`;
  if (!compareMessages) return null;
  const col = cpythonColumn(source, cpython.line, cpython.col);
  if (mine.message === cpython.message && mine.loc.line === cpython.line && mine.loc.col === col) return null;
  return (
    `${shown}: CPython ${cpython.line}:${col} ${cpython.message} | ` +
    `mctl ${mine.loc.line}:${mine.loc.col} ${mine.message}`
  );
}
