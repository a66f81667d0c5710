/**
 * The flavor table is the one list of platforms: adding a flavor means one TS file, one Python
 * adapter module and its templates, and these checks fail until all three exist and every
 * other list (CLI choices, the mctl.yaml schema, the Python registry) agrees with it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildCli } from '../../../src/cli.ts';
import { FLAVOR_IDS, FLAVORS } from '../../../src/flavors/index.ts';
import type { ScaffoldChoices } from '../../../src/flavors/types.ts';
import { ROOT } from '../../helpers/cli.ts';

const CHOICES: ScaffoldChoices[] = [
  {},
  { handlerClass: true },
  { language: 'js' },
  { framework: 'tensorflow' },
  { framework: 'mindspore' },
];

test('every flavor id has a flavor file, and each file its own id', () => {
  assert.deepEqual(Object.keys(FLAVORS).sort(), [...FLAVOR_IDS].sort());
  for (const id of FLAVOR_IDS) assert.equal(FLAVORS[id].id, id);
});

test('mctl.yaml schema: the flavor enum is the flavor table', () => {
  const schema = JSON.parse(readFileSync(join(ROOT, 'schemas/mctl.schema.json'), 'utf8')) as {
    properties: { flavor: { enum: string[] } };
  };
  assert.deepEqual(schema.properties.flavor.enum, [...FLAVOR_IDS]);
});

test('every --flavor option offers exactly the flavor table', () => {
  const io = { stdout: { write: () => true }, stderr: { write: () => true }, env: {}, cwd: ROOT };
  const cli = buildCli({ io, onOutcome: () => undefined, onUsageError: () => undefined });
  const commands = [...cli.commands, ...cli.commands.flatMap((c) => c.commands)];
  const flavorOptions = commands.flatMap((c) =>
    c.options.filter((o) => o.long === '--flavor').map((o) => ({ command: c.name(), choices: o.argChoices })),
  );
  assert.ok(flavorOptions.length >= 5, 'init, validate, archive, run and env check take --flavor');
  for (const option of flavorOptions) assert.deepEqual(option.choices, [...FLAVOR_IDS], option.command);
});

test('the Python registry has one adapter module per Python flavor, and no other', () => {
  const script =
    'import json; from mctl_runtime.adapters import registry as r; ' +
    'print(json.dumps({"flavors": list(r.FLAVORS), "adapters": r.ADAPTERS}))';
  const result = spawnSync('python3', ['-B', '-c', script], { cwd: join(ROOT, 'python'), encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  const registry = JSON.parse(result.stdout) as { flavors: string[]; adapters: Record<string, string> };
  assert.deepEqual(registry.flavors, [...FLAVOR_IDS]);
  assert.deepEqual(Object.keys(registry.adapters).sort(), [...FLAVOR_IDS].sort());
  for (const [id, cls] of Object.entries(registry.adapters)) {
    const module = join(ROOT, 'python/mctl_runtime/adapters', `${id}.py`);
    assert.ok(existsSync(module), `python/mctl_runtime/adapters/${id}.py`);
    assert.match(readFileSync(module, 'utf8'), new RegExp(`^class ${cls}\\b`, 'm'), `${id}.py defines ${cls}`);
  }
});

test('every template set a scaffold names exists, for every choice', () => {
  const sets = new Set(readdirSync(join(ROOT, 'templates')));
  for (const id of FLAVOR_IDS) {
    for (const choice of CHOICES) {
      for (const set of FLAVORS[id].scaffold.sets(choice)) assert.ok(sets.has(set), `${id}: templates/${set}/`);
    }
  }
});

test('no adapter or template set serves a flavor the table does not have (a stray one fails)', () => {
  const dir = join(ROOT, 'python/mctl_runtime/adapters');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.py'))) {
    for (const [, id] of readFileSync(join(dir, file), 'utf8').matchAll(/^\s+flavor = "([^"]+)"/gm))
      assert.ok((FLAVOR_IDS as readonly string[]).includes(id!), `${file}: flavor "${id}" is not in FLAVOR_IDS`);
  }
  const used = new Set<string>(['common']);
  for (const id of FLAVOR_IDS)
    for (const choice of CHOICES) for (const set of FLAVORS[id].scaffold.sets(choice)) used.add(set);
  for (const set of readdirSync(join(ROOT, 'templates')))
    assert.ok(used.has(set), `templates/${set}/ belongs to no flavor`);
});

test('every flavor names the documentation its rules come from', () => {
  for (const id of FLAVOR_IDS) assert.ok(FLAVORS[id].sources.length > 0, id);
});
