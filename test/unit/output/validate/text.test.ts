import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import type { ValidateResult } from '../../../../src/validate/index.ts';
import { formatGithub } from '../../../../src/output/validate/github.ts';
import { formatSarif } from '../../../../src/output/validate/sarif.ts';
import { formatText } from '../../../../src/output/validate/text.ts';
import { painter } from '../../../../src/output/style.ts';

const require = createRequire(import.meta.url);

function result(findings: ValidateResult['files'][number]['findings'], files = 1): ValidateResult {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  return {
    files: [
      {
        file: 'src/score.py',
        language: 'python',
        role: 'entry',
        flavor: 'azureml',
        flavorSource: 'detected',
        reasons: ['defines init() without arguments and run()'],
        findings,
      },
    ],
    summary: { files, entries: 1, errors, warnings, infos: findings.length - errors - warnings },
    pythonVersion: '3.11',
    pythonVersionFrom: 'default',
    maxWarnings: null,
    failed: errors > 0,
  };
}

const error = {
  ruleId: 'signature',
  severity: 'error' as const,
  message: 'run() takes 0 positional arguments, but: 1, 2',
  file: 'src/score.py',
  line: 4,
  col: 1,
  hint: 'write run(raw_data)\nsee docs',
};
const warning = {
  ruleId: 'shadowed-module',
  severity: 'warning' as const,
  message: 'json.py shadows json',
  file: 'src/score.py',
  line: 1,
  col: 1,
};

test('SARIF output is valid against the official SARIF 2.1.0 schema', () => {
  const Ajv = require('ajv-draft-04');
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false, validateFormats: false });
  const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  const validateSarif = ajv.compile(schema);
  const log = JSON.parse(formatSarif(result([error, warning]), '1.2.3'));
  assert.equal(validateSarif(log), true, JSON.stringify(validateSarif.errors));
  assert.equal(log.runs[0].results.length, 2);
  assert.deepEqual(log.runs[0].results[0].locations[0].physicalLocation.region, { startLine: 4, startColumn: 1 });
  assert.equal(log.runs[0].tool.driver.rules[log.runs[0].results[0].ruleIndex].id, 'signature');
  const empty = JSON.parse(formatSarif(result([]), '1.2.3'));
  assert.equal(validateSarif(empty), true);
});

test('GitHub annotations escape data and properties', () => {
  const out = formatGithub(result([error, warning]));
  const [first, second] = out.trim().split('\n');
  assert.equal(
    first,
    '::error file=src/score.py,line=4,col=1,title=mctl signature::' +
      'run() takes 0 positional arguments, but: 1, 2%0Awrite run(raw_data)%0Asee docs',
  );
  assert.equal(second, '::warning file=src/score.py,line=1,col=1,title=mctl shadowed-module::json.py shadows json');
  const odd = formatGithub({ ...result([{ ...warning, file: 'a,b:c.py' }]) });
  assert.match(odd, /file=a%2Cb%3Ac\.py/);
});

test('text output groups by file and pluralises the summary', () => {
  const text = formatText(result([error, warning], 3), painter(false));
  assert.match(text, /^src\/score\.py {2}Azure ML \(detected: defines init\(\) without arguments and run\(\)\)$/m);
  assert.match(text, /^ {2}4:1 {2}error {4}run\(\) takes/m);
  assert.match(text, /hint: write run\(raw_data\)/);
  assert.match(text, /✖ 2 problems \(1 error, 1 warning\) in 3 files checked, 1 entry script/);
  assert.match(formatText(result([]), painter(false)), /✔ 1 file checked, 1 entry script: no problems/);
  assert.doesNotMatch(text, /\u001b\[/, 'no colour codes when colour is off');
});
