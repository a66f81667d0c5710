/**
 * bench/env-check: `mctl env check` on a generated project whose entry script reaches N
 * local modules (packages, relative and absolute imports, stdlib and third-party imports),
 * against CPython walking the same import graph with `ast` in one process, in pairs
 * (A B A B …, median ratio; target ≤ 1.0 on 2 cores).
 *
 *   npm run bench:env                 (1000 modules)
 *   node bench/env-check.ts --modules 3000 --pairs 5
 *
 * Prints each pair's wall times, their median ratio, and the cold wall time of `mctl env check` on
 * the small fixture. KEEP=1 keeps the project in $TMPDIR.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, median, paired, timeCommand } from './paired.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin/mctl.js');
const count = Number(process.argv[process.argv.indexOf('--modules') + 1]) || 1000;
const pairs = process.argv.includes('--pairs') ? Number(process.argv[process.argv.indexOf('--pairs') + 1]) : 5;
const THIRD_PARTY = ['numpy', 'yaml', 'requests', 'PIL', 'sklearn.linear_model', 'cv2', 'torch', 'pandas'];
const DISTS = [
  'numpy==1.26.4',
  'pyyaml==6.0.1',
  'requests==2.32.3',
  'pillow==10.3.0',
  'scikit-learn==1.4.2',
  'opencv-python-headless==4.9.0.80',
  'torch==2.1.0',
  'pandas==2.2.2',
];

function generate(dir: string): void {
  const perPackage = 50;
  for (let i = 0; i < count; i++) {
    const pkg = `pkg${Math.floor(i / perPackage)}`;
    mkdirSync(join(dir, pkg), { recursive: true });
    writeFileSync(join(dir, pkg, '__init__.py'), '');
    const next = [i + 1, i + 2].filter((n) => n < count);
    const lines = [
      'import json, os, re, typing',
      `import ${THIRD_PARTY[i % THIRD_PARTY.length]}`,
      ...next.map((n) =>
        Math.floor(n / perPackage) === Math.floor(i / perPackage)
          ? `from . import mod${n}`
          : `from pkg${Math.floor(n / perPackage)} import mod${n}`,
      ),
      ...Array.from({ length: 30 }, (_, k) => `def f${k}(x):\n    return json.dumps({"k": x + ${k}})\n`),
    ];
    writeFileSync(join(dir, pkg, `mod${i}.py`), `${lines.join('\n')}\n`);
  }
  writeFileSync(
    join(dir, 'score.py'),
    'from pkg0 import mod0\n\ndef init():\n    pass\n\ndef run(raw):\n    return raw\n',
  );
  writeFileSync(join(dir, 'requirements.txt'), `${DISTS.join('\n')}\n`);
}

const PYTHON_WALK = String.raw`
import ast, os, sys
root = sys.argv[1]
seen, queue, imports = set(), [os.path.join(root, "score.py")], 0
def find(parts, base):
    f = os.path.join(base, *parts) + ".py"
    if os.path.isfile(f): return f
    i = os.path.join(base, *parts, "__init__.py")
    return i if os.path.isfile(i) else None
while queue:
    path = queue.pop()
    if path in seen: continue
    seen.add(path)
    tree = ast.parse(open(path, "rb").read(), path)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                imports += 1
                p = find(a.name.split("."), root)
                if p: queue.append(p)
        elif isinstance(node, ast.ImportFrom):
            imports += 1
            base = root if node.level == 0 else os.path.dirname(path)
            parts = (node.module or "").split(".") if node.module else []
            p = find(parts, base) if parts else None
            if p: queue.append(p)
            for a in node.names:
                q = find(parts + [a.name], base)
                if q: queue.append(q)
print(len(seen), imports)
`;

const dir = mkdtempSync(join(tmpdir(), 'mctl-bench-env-'));
try {
  generate(dir);
  const args = [
    BIN,
    'env',
    'check',
    '--entry',
    'score.py',
    '--requirements',
    'requirements.txt',
    '--flavor',
    'azureml',
    '--json',
  ];
  const doc = JSON.parse(
    spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 30 }).stdout,
  ) as { modules: string[]; imports: unknown[]; summary: { errors: number } };
  const pyOut = spawnSync('python3', ['-c', PYTHON_WALK, dir], { encoding: 'utf8' }).stdout.trim();
  console.log(
    `modules: ${count} generated; mctl read ${doc.modules.length} files, ` +
      `${doc.imports.length} imports, ${doc.summary.errors} errors`,
  );
  console.log(`python ast walk: ${pyOut.split(' ')[0]} files, ${pyOut.split(' ')[1]} import statements`);
  const result = paired(
    () => timeCommand(process.execPath, args, { cwd: dir }).seconds,
    () => timeCommand('python3', ['-c', PYTHON_WALK, dir]).seconds,
    pairs,
  );
  console.log(describe('mctl env check (A) vs python ast walk (B)', result));
  const cold = Array.from(
    { length: 5 },
    () =>
      timeCommand(process.execPath, [BIN, 'env', 'check'], { cwd: join(ROOT, 'fixtures/env/deepdev-conda') }).seconds,
  );
  console.log(`cold mctl env check (fixtures/env/deepdev-conda): median ${median(cold).toFixed(2)} s`);
} finally {
  if (process.env.KEEP === '1') console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
