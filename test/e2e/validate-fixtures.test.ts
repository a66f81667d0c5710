/**
 * Table test over fixtures/: every valid project validates clean, and every case under
 * fixtures/invalid/<rule-id>/ reports that rule. A new case needs no new test code.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FIXTURES, mctl } from '../helpers/cli.ts';

interface Doc {
  files: { file: string; flavor: string | null; findings: { ruleId: string; severity: string }[] }[];
  summary: { errors: number; warnings: number };
}

for (const project of readdirSync(join(FIXTURES, 'projects'))) {
  test(`valid project ${project} validates clean from its mctl.yaml`, () => {
    const result = mctl(['validate', '--format', 'json'], { cwd: join(FIXTURES, 'projects', project) });
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const doc = result.json<Doc>();
    assert.equal(doc.files.length, 1);
    assert.deepEqual(doc.files[0]!.findings.filter((f) => f.severity !== 'info'), []);
    assert.ok(doc.files[0]!.flavor, 'a flavor was applied');
  });
}

for (const rule of readdirSync(join(FIXTURES, 'invalid'))) {
  for (const name of readdirSync(join(FIXTURES, 'invalid', rule))) {
    test(`invalid/${rule}/${name} reports ${rule}`, () => {
      const dir = join(FIXTURES, 'invalid', rule, name);
      const args = existsSync(join(dir, 'mctl.yaml')) ? [] : [readdirSync(dir)[0]!];
      const result = mctl(['validate', ...args, '--format', 'json'], { cwd: dir });
      const doc = result.json<Doc>();
      const found = doc.files.flatMap((f) => f.findings);
      assert.ok(found.some((f) => f.ruleId === rule), `expected ${rule}, got ${JSON.stringify(found)}`);
      assert.equal(result.code, doc.summary.errors > 0 ? 1 : 0);
    });
  }
}
