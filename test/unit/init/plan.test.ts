import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MctlError } from '../../../src/errors.ts';
import { checkFlavor, FLAVORS, type FlavorId } from '../../../src/flavors/index.ts';
import { checkName, planScaffold } from '../../../src/init/plan.ts';
import { pascalCase } from '../../../src/util/case.ts';
import { outlinePython } from '../../../src/source/python/index.ts';
import { outlineScript } from '../../../src/source/script/index.ts';
import { checkFile } from '../../../src/validate/check-file.ts';
import { DEFAULT_PYTHON } from '../../../src/source/python/version.ts';

const PYTHON_FLAVORS: Exclude<FlavorId, 'native'>[] = ['deepdev', 'cortex', 'modelarts', 'ads', 'mms', 'azureml', 'hf'];

test('every Python scaffold renders with no placeholder left and an entry that meets its contract', () => {
  for (const flavor of PYTHON_FLAVORS) {
    for (const variant of [
      {},
      ...(flavor === 'mms' ? [{ handlerClass: true }] : []),
      ...(flavor === 'modelarts' ? [{ framework: 'tensorflow' as const }, { framework: 'mindspore' as const }] : []),
    ]) {
      const scaffold = planScaffold({ flavor, name: 'text_ranker', version: '1.0', ...variant });
      for (const file of scaffold.files)
        if (typeof file.content === 'string')
          assert.doesNotMatch(file.content, /\{\{\w+\}\}/, `${flavor} ${file.path}`);
      const entryPath = scaffold.project.entry ?? `${scaffold.project.handler!.split(':')[0]}.py`;
      const entry = scaffold.files.find((f) => f.path === entryPath);
      assert.ok(entry, `${flavor}: entry ${entryPath} is written`);
      const outline = outlinePython(Buffer.from(entry.content as string), { file: entryPath });
      assert.deepEqual(outline.problems, [], `${flavor}: parses`);
      // Judged as `mctl validate` judges it: suppression comments in the template count.
      const report = checkFile(
        { path: entryPath, display: entryPath, explicit: true, flavor, flavorSource: 'flag' },
        Buffer.from(entry.content as string),
        { target: DEFAULT_PYTHON, rules: {} },
      );
      assert.deepEqual(report.findings, [], `${flavor} ${JSON.stringify(variant)}: meets the contract`);
      assert.ok(
        scaffold.files.some((f) => f.path === 'sample.json'),
        `${flavor}: sample input`,
      );
      assert.ok(
        scaffold.files.some((f) => f.path === scaffold.project.envFile),
        `${flavor}: env file`,
      );
      assert.ok(
        scaffold.files.some((f) => f.path === '.mctlignore'),
        `${flavor}: .mctlignore`,
      );
    }
  }
});

test('ModelArts frameworks pick their base class and module', () => {
  const content = (framework: 'tensorflow' | 'pytorch' | 'mindspore') =>
    String(
      planScaffold({ flavor: 'modelarts', name: 'svc', version: '1.0', framework }).files.find(
        (f) => f.path === 'model/customize_service.py',
      )!.content,
    );
  assert.match(content('tensorflow'), /from model_service\.tfserving_model_service import TfServingBaseService/);
  assert.match(content('pytorch'), /from model_service\.pytorch_model_service import PTServingBaseService/);
  assert.match(content('mindspore'), /from model_service\.model_service import SingleNodeService/);
});

test('native scaffolds: TypeScript or JavaScript, with the tiny model copied byte for byte', () => {
  for (const language of ['ts', 'js'] as const) {
    const scaffold = planScaffold({ flavor: 'native', name: 'scorer', version: '1.0', language });
    assert.equal(scaffold.project.entry, `score.${language}`);
    assert.equal(scaffold.project.envFile, undefined);
    const model = scaffold.files.find((f) => f.path === 'model/linear.onnx')!;
    assert.ok(model.content instanceof Uint8Array && model.content.byteLength > 100);
    const entry = outlineScript(
      Buffer.from(String(scaffold.files.find((f) => f.path === `score.${language}`)!.content)),
      { file: `score.${language}` },
    );
    assert.deepEqual(
      checkFlavor(FLAVORS.native, entry, {
        file: 'score',
        fileName: `score.${language}`,
        moduleName: 'score',
        target: DEFAULT_PYTHON,
      }),
      [],
    );
  }
  assert.ok(
    planScaffold({ flavor: 'native', name: 'scorer', version: '1.0', language: 'js' }).files.some(
      (f) => f.path === 'package.json',
    ),
  );
});

test('names must be module names that shadow nothing, and the rule is explained', () => {
  for (const bad of ['Text', 'text-ranker', '2fast', 'class', '_private', 'json', 'ts', 'model_service']) {
    assert.throws(
      () => checkName(bad, 'mms'),
      (e: MctlError) => e.exit === 'USAGE' && /lowercase letter/.test(e.hint ?? ''),
      bad,
    );
  }
  assert.throws(() => checkName('deepdev', 'deepdev'), /shadow the platform's module 'deepdev'/);
  checkName('text_ranker', 'mms');
  assert.equal(pascalCase('text_ranker_2'), 'TextRanker2');
});
