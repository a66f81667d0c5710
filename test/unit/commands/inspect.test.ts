/** inspect without --verify says the contents were not verified (a bad CRC is only found by reading them). */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { inspectCommand } from '../../../src/commands/inspect.ts';
import type { CommandContext } from '../../../src/output/io.ts';
import { craftZip } from '../../helpers/zip-craft.ts';

const dir = mkdtempSync(join(tmpdir(), 'mctl-inspect-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const ctx: CommandContext = {
  cwd: dir,
  env: { NO_COLOR: '1' },
  json: false,
  debug: false,
  stdout: { write: () => true },
  stderr: { write: () => true },
};

test('a bad CRC passes a plain listing, which says it did not check; --verify finds it', async () => {
  const manifest = {
    name: 'MAR-INF/MANIFEST.json',
    data: Buffer.from('{"model": {"modelName": "m", "handler": "h:handle"}}'),
  };
  writeFileSync(join(dir, 'bad.mar'), craftZip([manifest, { name: 'h.py', data: Buffer.from('x = 1\n'), crc: 1234 }]));
  const plain = await inspectCommand('bad.mar', {}, ctx);
  assert.equal(plain.exitCode, 0);
  assert.match(plain.text ?? '', /\ncontents not verified \(CRC-32, SHA-256\): pass --verify to read every member\n$/);
  assert.equal(plain.json.verified, false);
  await assert.rejects(inspectCommand('bad.mar', { verify: true }, ctx), /CRC-32 .* does not match/);
});

test('names and manifest values from the archive are shown with control characters escaped', async () => {
  const manifest = {
    name: 'MAR-INF/MANIFEST.json',
    data: Buffer.from(
      JSON.stringify({
        model: { modelName: 'm\u001b[2J', handler: 'h\u001b]0;x\u0007:handle' },
        archiverVersion: '\u001b[31mevil',
      }),
    ),
  };
  writeFileSync(join(dir, 'esc.mar'), craftZip([manifest, { name: 'h.py', data: Buffer.from('x = 1\n') }]));
  const text = (await inspectCommand('esc.mar', {}, ctx)).text ?? '';
  assert.doesNotMatch(text, /[\u0000-\u0009\u000b-\u001f]/);
  assert.match(text, /model {4}m\\x1b\[2J .* by \\x1b\[31mevil/);
  assert.match(text, /handler  h\\x1b\]0;x\\x07:handle/);
});
