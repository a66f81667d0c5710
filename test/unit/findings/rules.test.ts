import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ENV_RULES } from '../../../src/findings/env-rules.ts';
import { RULES } from '../../../src/findings/rules.ts';
import { ROOT } from '../../helpers/cli.ts';

// `mctl validate --help` sends users to the README for what each rule means.
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

test('every validate rule has a row in the README, with its default severity', () => {
  for (const rule of RULES) {
    const row = README.split('\n').find((line) => line.startsWith(`| \`${rule.id}\` |`));
    assert.ok(row, `README has no row for ${rule.id}`);
    assert.match(row, new RegExp(`^\\| \`${rule.id}\` \\| ${rule.severity}\\b`), rule.id);
  }
});

test('every env check rule is named in the README', () => {
  for (const id of Object.keys(ENV_RULES)) assert.ok(README.includes(`\`${id}\``), `README does not name ${id}`);
});
