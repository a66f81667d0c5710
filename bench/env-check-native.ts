/**
 * bench/env-check-native: `mctl env check` on a generated native (TypeScript) project whose
 * entry reaches N local modules (relative imports, type-only imports, builtins, packages,
 * dynamic imports), against a plain Node script that parses the same files with oxc-parser
 * and follows their relative static imports — the parse floor of this approach — in the
 * same run, both as fresh processes.
 *
 *   npm run bench:env-native                 (1000 modules)
 *   node bench/env-check-native.ts --modules 3000
 *
 * Prints wall times (best of 3), the ratio mctl / floor, and the cold wall time of
 * `mctl env check` on fixtures/projects/native. KEEP=1 keeps the project in $TMPDIR.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin/mctl.js');
const count = Number(process.argv[process.argv.indexOf('--modules') + 1]) || 1000;
const PACKAGES = ['lodash', 'zod', 'nanoid', 'dayjs', 'uuid', 'axios', 'ms', 'yaml'];

function generate(dir: string): void {
  const perDir = 50;
  for (let i = 0; i < count; i++) {
    const sub = `pkg${Math.floor(i / perDir)}`;
    mkdirSync(join(dir, 'src', sub), { recursive: true });
    const next = [i + 1, i + 2].filter((n) => n < count);
    const lines = [
      "import { readFileSync } from 'node:fs';",
      "import path from 'path';",
      `import type { Thing } from '${PACKAGES[(i + 1) % PACKAGES.length]}';`,
      `import * as dep${i} from '${PACKAGES[i % PACKAGES.length]}/sub';`,
      ...next.map((n) => `import { f0 as m${n} } from '../pkg${Math.floor(n / perDir)}/mod${n}.ts';`),
      ...Array.from(
        { length: 30 },
        (_, k) =>
          `export function f${k}(x: number): string {\n  return JSON.stringify({ k: x + ${k}, p: path.sep });\n}\n`,
      ),
      `export async function lazy() {\n  return import('${PACKAGES[(i + 3) % PACKAGES.length]}');\n}`,
    ];
    writeFileSync(join(dir, 'src', sub, `mod${i}.ts`), `${lines.join('\n')}\n`);
  }
  writeFileSync(
    join(dir, 'score.ts'),
    "import { f0 } from './src/pkg0/mod0.ts';\nexport async function run(input: number) {\n  return f0(input);\n}\n",
  );
  writeFileSync(join(dir, 'mctl.yaml'), 'flavor: native\nentry: score.ts\n');
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify(
      { name: 'bench', type: 'module', dependencies: Object.fromEntries(PACKAGES.map((p) => [p, '^1.0.0'])) },
      null,
      2,
    )}\n`,
  );
}

/* The floor: parse each file once with oxc and follow relative static imports; nothing else. */
const FLOOR = String.raw`
const { parseSync } = require(process.argv[2]);
const { readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const seen = new Set(); const queue = [join(process.argv[1], 'score.ts')]; let imports = 0;
while (queue.length) {
  const file = queue.pop();
  if (seen.has(file)) continue;
  seen.add(file);
  const result = parseSync(file, readFileSync(file, 'utf8'), { lang: 'ts', sourceType: 'module' });
  for (const imp of result.module.staticImports) {
    imports++;
    const spec = imp.moduleRequest.value;
    if (spec.startsWith('.')) queue.push(join(dirname(file), spec));
  }
  imports += result.module.dynamicImports.length;
}
console.log(seen.size, imports);
`;

function best(fn: () => void, rounds = 3): number {
  let min = Infinity;
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    fn();
    min = Math.min(min, Number(process.hrtime.bigint() - start) / 1e9);
  }
  return min;
}

const dir = mkdtempSync(join(tmpdir(), 'mctl-bench-env-native-'));
try {
  generate(dir);
  let mctlOut = '';
  let floorOut = '';
  const oxc = join(ROOT, 'node_modules/oxc-parser');
  // Interleaved, so background load hits both sides alike.
  let mctlTime = Infinity;
  let floorTime = Infinity;
  for (let r = 0; r < 3; r++) {
    mctlTime = Math.min(
      mctlTime,
      best(() => {
        mctlOut = spawnSync(process.execPath, [BIN, 'env', 'check', '--json'], {
          cwd: dir,
          encoding: 'utf8',
          maxBuffer: 1 << 30,
        }).stdout;
      }, 1),
    );
    floorTime = Math.min(
      floorTime,
      best(() => {
        floorOut = spawnSync(process.execPath, ['-e', FLOOR, dir, oxc], { encoding: 'utf8' }).stdout.trim();
      }, 1),
    );
  }
  const doc = JSON.parse(mctlOut) as {
    modules: string[];
    imports: unknown[];
    summary: { errors: number; warnings: number };
  };
  const cold = best(() =>
    spawnSync(process.execPath, [BIN, 'env', 'check'], { cwd: join(ROOT, 'fixtures/projects/native') }),
  );
  const version = best(() => spawnSync(process.execPath, [BIN, '--version']));
  console.log(
    `modules: ${count} generated; mctl read ${doc.modules.length} files, ${doc.imports.length} imports, ` +
      `${doc.summary.errors} errors, ${doc.summary.warnings} warnings`,
  );
  console.log(`oxc floor: ${floorOut.split(' ')[0]} files, ${floorOut.split(' ')[1]} imports`);
  console.log(`mctl env check: ${mctlTime.toFixed(2)} s`);
  console.log(`oxc floor:      ${floorTime.toFixed(2)} s`);
  console.log(`ratio mctl / floor: ${(mctlTime / floorTime).toFixed(2)}`);
  console.log(
    `cold mctl env check (fixtures/projects/native): ${cold.toFixed(3)} s; mctl --version: ${version.toFixed(3)} s`,
  );
} finally {
  if (process.env.KEEP === '1') console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
