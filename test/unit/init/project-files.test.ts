import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute } from 'node:path';
import { test } from 'node:test';
import { projectYaml, schemaReference } from '../../../src/init/project-files.ts';

test('mctl.yaml names a schema that resolves: the installed package, absolute when mctl lives elsewhere', () => {
  const schema = schemaReference(tmpdir());
  assert.ok(isAbsolute(schema) && existsSync(schema), schema);
  const yaml = projectYaml(
    { name: 'm', version: '1.0', flavor: 'mms', handler: 'm_handler:handle', modelDir: 'model' },
    tmpdir(),
  );
  assert.match(yaml, new RegExp(`^# yaml-language-server: \\$schema=${schema}\\n`));
  assert.match(yaml, new RegExp(`^\\$schema: ${schema}$`, 'm'));
});
