import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { symlinkSync } from 'node:fs';
import { findSecrets, secretByName, secretInFile, secretInText } from '../../../src/archive/secrets.ts';
import { selectFiles } from '../../../src/archive/select.ts';

test('credential files are recognised by name and path', () => {
  for (const path of [
    '.env',
    '.env.production',
    'config/.env.local',
    '.npmrc',
    '.pypirc',
    '.netrc',
    'id_rsa',
    'keys/id_ed25519',
    'cert.p12',
    '.aws/credentials',
    'home/.docker/config.json',
    '.kube/config',
    'application_default_credentials.json',
    '.git-credentials',
  ]) {
    assert.ok(secretByName(path), path);
  }
  for (const path of [
    '.env.example',
    '.env.sample',
    'env.py',
    'id_rsa.pub',
    'credentials.md',
    'config.json',
    'model.pt',
    'npmrc.txt',
  ])
    assert.equal(secretByName(path), null, path);
});

test('well-known token formats are found in text, with the line', () => {
  const cases: [string, RegExp][] = [
    [
      'x = 1\nkey = "AKIAIOSFODNN7EXAMPLE"\n',
      /AWS access key id \(AKIA\/ASIA \+ 16 capitals and digits\) on line 2, column 8/,
    ],
    ['-----BEGIN RSA PRIVATE KEY-----\nMIIB...', /private key \(.*\) on line 1, column 1/],
    ['-----BEGIN OPENSSH PRIVATE KEY-----', /private key/],
    [`TOKEN = "ghp_${'a'.repeat(36)}"`, /GitHub token/],
    [`HF_TOKEN = "hf_${'A1b2'.repeat(9)}"`, /Hugging Face token/],
    [`openai.api_key = "sk-${'x'.repeat(48)}"`, /OpenAI\/Anthropic API key/],
    ['//registry.npmjs.org/:_authToken=npm_abcdefghijklmnopqrstuvwxyz0123456789', /npm/],
    [
      '{"type": "service_account", "project_id": "p", "private_key_id": "1", "private_key": "x"}',
      /service-account key/,
    ],
    ['DefaultEndpointsProtocol=https;AccountName=a;AccountKey=' + 'A'.repeat(86) + '==', /Azure storage account key/],
  ];
  for (const [text, reason] of cases) assert.match(secretInText(text) ?? '', reason, text);
});

test('ordinary handler code and model configs are not flagged', () => {
  const handler =
    'import os\nTOKENIZER = "bert-base-uncased"\nsecret_sauce = 0.3\n' +
    'def handle(data, context):\n    key = os.environ.get("API_KEY")\n    return [key]\n';
  assert.equal(secretInText(handler), null);
  assert.equal(secretInText('{"vocab_size": 30522, "task": "sk-learn"}'), null);
});

test('binary and large files are not scanned', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mctl-secrets-'));
  try {
    const binary = join(dir, 'weights.bin');
    writeFileSync(binary, Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from('AKIAIOSFODNN7EXAMPLE')]));
    assert.equal(secretInFile(binary, 23), null);
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'AKIAIOSFODNN7EXAMPLE');
    assert.match(secretInFile(text, 20) ?? '', /AWS/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('UTF-16 and UTF-32 text is decoded before scanning, with or without a byte-order mark', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mctl-secrets-'));
  try {
    const text = `{\n  "hf": "hf_${'A1b2'.repeat(9)}"\n}\n`;
    const utf32 = (le: boolean) => {
      const out = Buffer.alloc(text.length * 4);
      for (let i = 0; i < text.length; i++)
        (le ? out.writeUInt32LE : out.writeUInt32BE).call(out, text.charCodeAt(i), i * 4);
      return out;
    };
    const forms: [string, Buffer][] = [
      ['utf16le-bom', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
      ['utf16le', Buffer.from(text, 'utf16le')],
      ['utf16be', Buffer.from(text, 'utf16le').swap16()],
      ['utf32le-bom', Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), utf32(true)])],
      ['utf32be', utf32(false)],
    ];
    for (const [name, bytes] of forms) {
      const path = join(dir, `${name}.json`);
      writeFileSync(path, bytes);
      assert.match(
        secretInFile(path, bytes.length) ?? '',
        /Hugging Face token \(hf_ \+ 30 or more letters and digits\) on line 2, column 10/,
        name,
      );
    }
    const zeros = join(dir, 'zeros.bin');
    writeFileSync(zeros, Buffer.alloc(4096));
    assert.equal(secretInFile(zeros, 4096), null, 'all NUL is binary, not UTF-16');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test(
  'a link is judged by its target: model/settings.ini -> ../.env is refused; ' +
    'every refusal says how to allow it, never the secret',
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mctl-secrets-'));
    try {
      mkdirSync(join(dir, 'model'));
      writeFileSync(join(dir, '.env'), 'DB_PASSWORD=hunter2\n');
      symlinkSync('../.env', join(dir, 'model/settings.ini'));
      const token = `hf_${'Z9y8'.repeat(9)}`;
      writeFileSync(join(dir, 'model/config.json'), `{"token": "${token}"}\n`);
      writeFileSync(join(dir, 'model/ok.json'), '{}\n');
      const selection = await selectFiles(
        [{ path: join(dir, 'model'), given: 'model', from: '--model-dir', role: 'model-dir', fileOnly: false }],
        { cwd: dir, projectRoot: dir, ignore: [], outputs: [] },
      );
      const refused = findSecrets(selection.files, []);
      assert.deepEqual(
        refused.map((r) => r.path),
        ['model/config.json', 'model/settings.ini'],
      );
      assert.equal(
        refused[0]!.reason,
        'Hugging Face token (hf_ + 30 or more letters and digits) on line 1, column 12; ' +
          'to pack it anyway: --allow-secret model/config.json',
      );
      assert.match(
        refused[1]!.reason,
        new RegExp(
          /^a link to \.env \(dotenv file \(environment secrets\)\); /.source +
            /to pack it anyway: --allow-secret model\/settings\.ini$/.source,
        ),
      );
      for (const r of refused) assert.doesNotMatch(r.reason, new RegExp(`${token}|hunter2`));
      assert.deepEqual(findSecrets(selection.files, ['model/config.json', 'model/settings.ini']), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
