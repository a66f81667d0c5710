/**
 * Table test over fixtures/: every valid project validates clean from its mctl.yaml, and every
 * case under fixtures/invalid/<rule-id>/ reports that rule, and every rule has such a case.
 * In process (validate() is what the command calls); the exit mapping is tested in e2e.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { validate } from '../../../src/validate/index.ts';
import { RULES } from '../../../src/findings/rules.ts';
import { FIXTURES } from '../../helpers/cli.ts';

for (const project of readdirSync(join(FIXTURES, 'projects'))) {
  test(`valid project ${project} validates clean from its mctl.yaml`, async () => {
    const result = await validate({ cwd: join(FIXTURES, 'projects', project), paths: [] });
    assert.equal(result.failed, false, JSON.stringify(result.files));
    assert.equal(result.files.length, 1);
    assert.deepEqual(
      result.files[0]!.findings.filter((f) => f.severity !== 'info'),
      [],
    );
    assert.ok(result.files[0]!.flavor, 'a flavor was applied');
  });
}

const cases = readdirSync(join(FIXTURES, 'invalid'));
for (const rule of cases) {
  for (const name of readdirSync(join(FIXTURES, 'invalid', rule))) {
    test(`invalid/${rule}/${name} reports ${rule}`, async () => {
      const dir = join(FIXTURES, 'invalid', rule, name);
      const paths = existsSync(join(dir, 'mctl.yaml')) ? [] : [readdirSync(dir)[0]!];
      const result = await validate({ cwd: dir, paths });
      const found = result.files.flatMap((f) => f.findings);
      assert.ok(
        found.some((f) => f.ruleId === rule),
        `expected ${rule}, got ${JSON.stringify(found)}`,
      );
      assert.equal(result.failed, result.summary.errors > 0);
    });
  }
}

test('every rule has a fixtures/invalid/<rule-id>/ case', () => {
  assert.deepEqual(
    RULES.map((r) => r.id).filter((id) => !cases.includes(id)),
    [],
  );
});
