import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hasCredentials, redactCredentials } from '../../../src/util/redact.ts';

test('over http(s) any userinfo is a credential (pip and git send it as basic auth): all of it becomes ***', () => {
  const cases: [string, string][] = [
    ['https://tok3nvalue@idx2.example.com/simple', 'https://***@idx2.example.com/simple'],
    ['https://alice:hunter2@pypi.corp.example/simple', 'https://***@pypi.corp.example/simple'],
    ['https://ghp_token:x-oauth-basic@github.com/a', 'https://***@github.com/a'],
    ['http://user:@idx.example/simple', 'http://***@idx.example/simple'],
    ['git+https://deploy@github.com/a/b.git@v1', 'git+https://***@github.com/a/b.git@v1'],
    ['--extra-index-url=HTTPS://t@idx.example/simple', '--extra-index-url=HTTPS://***@idx.example/simple'],
    ['https://${PIP_USER}:hunter2@idx.example/simple', 'https://***@idx.example/simple'],
  ];
  for (const [url, redacted] of cases) {
    assert.equal(redactCredentials(url), redacted, url);
    assert.equal(hasCredentials(url), true, url);
  }
});

test('${VAR} placeholders are kept, and so is a user name beside one; URLs without userinfo are untouched', () => {
  for (const url of [
    'https://${PIP_USER}:${PIP_TOKEN}@idx.example/simple',
    'https://${PIP_TOKEN}@idx.example/simple',
    'https://__token__:${PYPI_TOKEN}@upload.pypi.org/simple',
    'https://aws:${CODEARTIFACT_AUTH_TOKEN}@d-123.codeartifact.example/pypi/r/simple/',
    'https://pypi.org/simple',
    'https://download.pytorch.org/whl/cu121 torch @ https://x.example/t.whl',
    'mail me at someone@example.com',
  ]) {
    assert.equal(redactCredentials(url), url);
    assert.equal(hasCredentials(url), false, url);
  }
});

test('over ssh a user name is a login: git@ stays; a password or a token-long user name does not', () => {
  assert.equal(redactCredentials('git+ssh://git@github.com/a/b.git'), 'git+ssh://git@github.com/a/b.git');
  assert.equal(redactCredentials('ssh://deploy@host/repo'), 'ssh://deploy@host/repo');
  assert.equal(redactCredentials('ssh://deploy:s3cr3t@host/repo'), 'ssh://deploy:***@host/repo');
  assert.equal(redactCredentials('git+ssh://ghp_0123456789abcdefghij@host/r'), 'git+ssh://***@host/r');
});

test('every URL in a text is redacted, each by its own scheme', () => {
  assert.equal(
    redactCredentials("'https://a@x.example' and 'ssh://git@y.example' and 'https://b:c@z.example'"),
    "'https://***@x.example' and 'ssh://git@y.example' and 'https://***@z.example'",
  );
});

test("Anaconda's /t/<token>/ channel paths are credentials, as conda's split_anaconda_token reads them", () => {
  const channel = 'https://conda.anaconda.org/t/xy-12345678-abcd-efgh/my-org';
  assert.equal(redactCredentials(channel), 'https://conda.anaconda.org/t/***/my-org');
  assert.equal(hasCredentials(channel), true);
  assert.equal(hasCredentials('https://conda.anaconda.org/conda-forge'), false);
  assert.equal(
    redactCredentials(`channels:\n  - ${channel}\n`),
    'channels:\n  - https://conda.anaconda.org/t/***/my-org\n',
  );
});
