import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { secretByName, secretInFile, secretInText } from '../../../src/archive/secrets.ts';

test('credential files are recognised by name and path', () => {
  for (const path of ['.env', '.env.production', 'config/.env.local', '.npmrc', '.pypirc', '.netrc', 'id_rsa', 'keys/id_ed25519', 'cert.p12', '.aws/credentials', 'home/.docker/config.json', '.kube/config', 'application_default_credentials.json', '.git-credentials']) {
    assert.ok(secretByName(path), path);
  }
  for (const path of ['.env.example', '.env.sample', 'env.py', 'id_rsa.pub', 'credentials.md', 'config.json', 'model.pt', 'npmrc.txt']) assert.equal(secretByName(path), null, path);
});

test('well-known token formats are found in text, with the line', () => {
  const cases: [string, RegExp][] = [
    ['x = 1\nkey = "AKIAIOSFODNN7EXAMPLE"\n', /AWS access key id on line 2/],
    ['-----BEGIN RSA PRIVATE KEY-----\nMIIB...', /private key on line 1/],
    ['-----BEGIN OPENSSH PRIVATE KEY-----', /private key/],
    [`TOKEN = "ghp_${'a'.repeat(36)}"`, /GitHub token/],
    [`HF_TOKEN = "hf_${'A1b2'.repeat(9)}"`, /Hugging Face token/],
    [`openai.api_key = "sk-${'x'.repeat(48)}"`, /OpenAI\/Anthropic API key/],
    ['//registry.npmjs.org/:_authToken=npm_abcdefghijklmnopqrstuvwxyz0123456789', /npm/],
    ['{"type": "service_account", "project_id": "p", "private_key_id": "1", "private_key": "x"}', /service-account key/],
    ['DefaultEndpointsProtocol=https;AccountName=a;AccountKey=' + 'A'.repeat(86) + '==', /Azure storage account key/],
  ];
  for (const [text, reason] of cases) assert.match(secretInText(text) ?? '', reason, text);
});

test('ordinary handler code and model configs are not flagged', () => {
  const handler = `import os\nTOKENIZER = "bert-base-uncased"\nsecret_sauce = 0.3\ndef handle(data, context):\n    key = os.environ.get("API_KEY")\n    return [key]\n`;
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
