/**
 * A varied, reproducible corpus of Python files for bench/validate and bench/env-check:
 * entry scripts of every flavor (fixtures/projects), long modules with many classes and
 * decorators, deep nesting (blocks and brackets), comment runs, strings with escapes,
 * f-strings, match statements and type hints; and large single files (code or comments).
 *
 *   node scripts/make-python-corpus.ts <dir> [--files 1000]
 *   node scripts/make-python-corpus.ts <file.py> --big 50 [--comments]
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync, createWriteStream } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Writes `files` scripts under `dir` (one directory per case); returns the bytes written. */
export function writeCorpus(dir: string, files: number, seed = 1): number {
  const random = prng(seed);
  const fixtures = fixtureScripts();
  const shapes = [longModule, deepNesting, commentHeavy, stringHeavy, modernSyntax];
  let bytes = 0;
  for (let i = 0; i < files; i++) {
    const fixture = fixtures[i % fixtures.length]!;
    // Half are entry scripts as found on the platforms, half are helper modules of each shape.
    const text =
      i % 2 === 0
        ? // Appended after code, a __future__ import is an error (CPython's compiler refuses it).
          fixture.text + (i % 10 === 0 ? longModule(random, i).replace('from __future__ import annotations\n', '') : '')
        : shapes[i % shapes.length]!(random, i);
    const name =
      i % 2 === 0 && ['customize_service.py', 'score.py', 'handler.py'].includes(fixture.name)
        ? fixture.name
        : `module_${i}.py`;
    const path = join(dir, `case_${String(i).padStart(4, '0')}`, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    bytes += Buffer.byteLength(text);
  }
  return bytes;
}

/** A large single file of about `mb` megabytes: code of every shape, or nothing but comments. */
export async function writeBigFile(path: string, mb: number, commentsOnly = false): Promise<void> {
  const random = prng(7);
  const out = createWriteStream(path);
  let written = 0;
  for (let i = 0; written < mb * 1_000_000; i++) {
    const part = commentsOnly
      ? `# ${'comment text '.repeat(6)}${i}\n`.repeat(100)
      : [longModule, deepNesting, stringHeavy][i % 3]!(random, i);
    written += Buffer.byteLength(part);
    if (!out.write(part)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

type Random = () => number;

function prng(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function fixtureScripts(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.py')) out.push({ name: entry, text: readFileSync(path, 'utf8') });
    }
  };
  walk(join(ROOT, 'fixtures/projects'));
  return out;
}

function longModule(random: Random, i: number, classes = 5 + Math.floor(random() * 25)): string {
  const parts = [
    `"""Module ${i}: feature transforms."""\nfrom __future__ import annotations\n\nimport functools\nimport typing as t\n`,
  ];
  for (let k = 0; k < classes; k++) {
    parts.push(`
@functools.total_ordering
@register("feature_${i}_${k}", version=${k % 5})
class Feature${i}_${k}(Base, metaclass=Meta):
    """Scales, clips and buckets one column (${k})."""

    limit: t.ClassVar[int] = ${k * 7}

    def __init__(self, scale: float = 1.0, clip: tuple[float | None, float | None] = (None, None), *, buckets=None) -> None:
        self.scale, self.clip = scale, clip
        self.buckets = sorted(buckets or [])

    @property
    def width(self) -> int:
        return len(self.buckets) or ${k}

    @staticmethod
    def parse(text: str, /, sep: str = ",", **options) -> list[float]:
        return [float(x) for x in text.split(sep) if x.strip()]

    async def transform(self, values, *args, **kwargs):
        lo, hi = self.clip
        out = []
        for v in values:
            v = float(v) * self.scale
            if lo is not None and v < lo:
                v = lo
            elif hi is not None and v > hi:
                v = hi
            out.append(v)
        return [self._bucket(v) for v in out] if self.buckets else out

    def _bucket(self, v):
        return next((i for i, edge in enumerate(self.buckets) if v <= edge), len(self.buckets))

    def __lt__(self, other):
        return (self.scale, self.clip) < (other.scale, other.clip)
`);
  }
  return parts.join('');
}

function deepNesting(random: Random, i: number): string {
  const depth = 10 + Math.floor(random() * 40);
  const lines = [`def nested_${i}(data):`];
  for (let d = 1; d <= depth; d++)
    lines.push(
      `${'    '.repeat(d)}${d % 3 === 0 ? 'for item in data:' : d % 3 === 1 ? `if data and len(data) > ${d}:` : 'try:'}`,
    );
  lines.push(`${'    '.repeat(depth + 1)}value = ${'('.repeat(40)}data${')'.repeat(40)}`);
  lines.push(`${'    '.repeat(depth + 1)}table = ${'{"k": ['.repeat(30)}1${']}'.repeat(30)}`);
  for (let d = depth; d >= 1; d--) {
    if (d % 3 === 2)
      lines.push(
        `${'    '.repeat(d)}except (ValueError, KeyError) as error:\n${'    '.repeat(d + 1)}raise RuntimeError(f"level {${d}}") from error`,
      );
  }
  lines.push('    return value, table\n');
  return lines.join('\n') + longModule(random, i, 2).replace('from __future__ import annotations\n', '');
}

function commentHeavy(random: Random, i: number): string {
  const parts: string[] = [];
  for (let k = 0; k < 12; k++) {
    const run = Math.floor(random() * 60);
    parts.push(
      `${'# Explain the preprocessing step in detail, with its caveats and history.\n'.repeat(run)}def step_${i}_${k}(x):  # inline comment\n    # indented comment\n${'    # more context for the reader of this function\n'.repeat(run % 40)}    return x * ${k}\n\n`,
    );
  }
  return parts.join('');
}

function stringHeavy(random: Random, _i: number): string {
  const parts: string[] = [];
  for (let k = 0; k < 30; k++) {
    const n = Math.floor(random() * 1000);
    parts.push(`S${k} = "tab\\there\\nnewline \\x41\\u00e9\\U0001F600 \\\\ backslash \\"quoted\\" ${n}"
R${k} = r"C:\\path\\to\\file_${n}" + rb"\\x00raw" .decode()
B${k} = b"\\x00\\xff bytes ${n}"
F${k} = f"{S${k}!r:>{20}} {'nested ' + str(${n})} {{literal}} {${n} / 3:.2f}"
T${k} = """triple
    quoted with 'single' and "double" quotes ${n}
"""
`);
  }
  return `# -*- coding: utf-8 -*-\n${parts.join('')}`;
}

function modernSyntax(random: Random, i: number): string {
  const n = Math.floor(random() * 100);
  return `from dataclasses import dataclass

@dataclass(frozen=True)
class Point${i}:
    x: int
    y: int = ${n}

def classify_${i}(command):
    match command:
        case {"action": "move", "to": Point${i}(x=0, y=y)} if y > 0:
            return "up"
        case [first, *rest] | (first, *rest):
            return first
        case str() as text if (size := len(text)) > ${n}:
            return size
        case _:
            return None

def gather_${i}(*items: int, **named: str) -> dict[str, int]:
    return {key: sum(items) for key in named if (value := named[key])}

lambda_${i} = lambda a, /, b=1, *c, d, **e: (a, b, c, d, e)
${longModule(random, i, 2).replace('from __future__ import annotations\n', '')}`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const target = process.argv[2];
  if (!target)
    throw new Error('usage: node scripts/make-python-corpus.ts <dir | file.py --big MB [--comments]> [--files N]');
  const flag = (name: string) => process.argv.indexOf(name);
  if (flag('--big') !== -1)
    await writeBigFile(target, Number(process.argv[flag('--big') + 1]), flag('--comments') !== -1);
  else console.log(`${writeCorpus(target, Number(process.argv[flag('--files') + 1]) || 1000)} bytes`);
}
