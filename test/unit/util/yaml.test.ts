/** YAML errors point at the mistake: an unclosed flow bracket is reported where it opens. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MctlError } from '../../../src/errors.ts';
import { loadYaml } from '../../../src/util/yaml.ts';
import { unclosedFlow } from '../../../src/util/yaml-flow.ts';

function yamlError(text: string): string {
  try {
    loadYaml(text, 'f.yml');
  } catch (error) {
    assert.ok(error instanceof MctlError);
    return error.message;
  }
  assert.fail('parsed');
}

test('the unclosed bracket, not where js-yaml gave up', () => {
  assert.equal(yamlError('flavor: [mms\n'), "f.yml:1:9: invalid YAML: this '[' is never closed");
  assert.equal(yamlError('a: 1\nb: {c: [1, 2}\n'), "f.yml:2:8: invalid YAML: this '[' is never closed");
  assert.equal(
    yamlError('deps:\n  - pip:\n      - [a, b\n  - c\n'),
    "f.yml:3:9: invalid YAML: this '[' is never closed",
  );
});

test('brackets inside quotes, plain scalars and comments are not flow collections', () => {
  assert.equal(unclosedFlow('name: a[b\nx: "[" # [\ny: \'it\'\'s [\'\nz: [1, "]", 2]\n'), null);
  assert.equal(unclosedFlow('z: [1, "]", 2\n'), 3);
  // Other errors keep js-yaml's own position.
  assert.match(yamlError('a: [1, 2]\n\tb: 3\n'), /^f\.yml:2:1: invalid YAML/);
});
