import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluateMarker } from '../../../src/env/markers.ts';
import { parsePep508 } from '../../../src/env/requirements/pep508.ts';

const linux311 = {
  sys_platform: 'linux',
  os_name: 'posix',
  platform_machine: 'x86_64',
  python_version: '3.11',
  python_full_version: '3.11.7',
  implementation_name: 'cpython',
  platform_system: 'Linux',
};

function marker(text: string): boolean {
  const parsed = parsePep508(`x ; ${text}`);
  assert.ok(parsed.ok && parsed.value.markerTree, text);
  return evaluateMarker(parsed.value.markerTree, linux311);
}

test('PEP 508 markers evaluate like pip: versions as versions, strings as strings, and/or, in', () => {
  assert.equal(marker('sys_platform == "linux"'), true);
  assert.equal(marker('sys_platform == "win32"'), false);
  assert.equal(marker('python_version >= "3.9"'), true);
  assert.equal(marker('python_version < "3.10"'), false, '3.11 < 3.10 is false as versions (true as strings)');
  assert.equal(marker('python_full_version >= "3.11.7" and platform_machine == "x86_64"'), true);
  assert.equal(marker('sys_platform == "darwin" or (os_name == "posix" and python_version > "3.8")'), true);
  assert.equal(marker('"linux" in sys_platform'), true);
  assert.equal(marker('platform_system not in "Windows Darwin"'), true);
  assert.equal(marker('extra == "gpu"'), false);
});

test("PEP 440's arbitrary equality (===) is valid in markers and specifiers", () => {
  assert.equal(marker('python_full_version === "3.11.7"'), true);
  assert.equal(marker('python_full_version === "3.11"'), false, 'a string comparison, not a version one');
  assert.equal(marker('os_name == "nt" or python_full_version === "3.11.7"'), true);
  assert.equal(marker('platform_machine == "===" and python_full_version === "3.11.7"'), false);
  const parsed = parsePep508('numpy===1.26.4 ; python_full_version === "3.11.7"');
  assert.ok(parsed.ok);
  assert.equal(parsed.value.specifier, '===1.26.4');
  assert.equal(parsed.value.marker, 'python_full_version === "3.11.7"');
});
