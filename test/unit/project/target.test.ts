/** resolveTarget's precedence table: flag > mctl.yaml > detected, one line per case, on a table file system. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ProjectConfig } from '../../../src/config/load.ts';
import { MctlError } from '../../../src/errors.ts';
import { parseHandler } from '../../../src/flavors/handler.ts';
import type { TargetFs } from '../../../src/project/locate-handler.ts';
import { pinnedPython } from '../../../src/project/python-target.ts';
import { resolveTarget, type ResolvedTarget, type TargetFlags } from '../../../src/project/target.ts';

const FILES: Record<string, string> = {
  '/p/score.py': '',
  '/p/other.py': '',
  '/p/h.py': '',
  '/p/score.ts': '',
  '/p/m.onnx': '',
  '/p/src/h.py': '',
  '/p/model/h.py': '',
  '/p/model/only.py': '',
  '/p/environment.yml': 'dependencies:\n  - python=3.8\n  - pip\n',
  '/q/model/customize_service.py': '',
  '/q/model/config.json': '{"model_type": "TensorFlow", "runtime": "tf2.1-python3.7"}',
  '/r/config.json': '{"architectures": ["BertModel"]}',
  '/r/handler.py': '',
};
const fs: TargetFs = {
  isFile: (p) => p in FILES,
  exists: (p) => p in FILES || p === '/p/model',
  readText: (p) => FILES[p] ?? '',
  kind: () => 'a directory',
};

/** A loaded mctl.yaml, as config/load.ts makes it (the handler string parsed). */
function config(fields: Partial<ProjectConfig> = {}): ProjectConfig {
  const ref = fields.handler === undefined ? undefined : parseHandler(fields.handler);
  return {
    ...(ref && !('error' in ref) ? { handlerRef: ref } : {}),
    file: '/p/mctl.yaml',
    dir: '/p',
    extraFiles: [],
    ignore: [],
    rules: {},
    archive: { allowSecrets: [] },
    run: {},
    locate: () => undefined,
    ...fields,
  };
}

/** The target in one line: kind, file, flavor/source, model dir. */
function brief(flags: TargetFlags, conf: ProjectConfig | null = null, cwd = '/p', configModel = false): string {
  const t: ResolvedTarget = resolveTarget({ cwd, config: conf, flags, fs, configModel });
  const what =
    t.kind === 'entry'
      ? t.entry.path
      : t.kind === 'builtin'
        ? `builtin ${t.builtin}`
        : t.kind === 'model'
          ? t.model.path
          : '-';
  return (
    `${t.kind} ${what} ${t.flavor ? `${t.flavor.id}/${t.flavor.source}` : 'detect'}` +
    `${t.modelDir ? ` dir=${t.modelDir.path}` : ''}`
  );
}

function code(flags: TargetFlags, conf: ProjectConfig | null = null): string {
  try {
    resolveTarget({ cwd: '/p', config: conf, flags, fs });
  } catch (error) {
    assert.ok(error instanceof MctlError);
    return `${error.code} ${error.exit}`;
  }
  return 'ok';
}

test('flags', () => {
  assert.equal(brief({ entry: 'score.py' }), 'entry /p/score.py detect');
  assert.equal(brief({ entry: 'score.py', flavor: 'azureml' }), 'entry /p/score.py azureml/flag');
  assert.equal(brief({ entry: 'score.ts' }), 'entry /p/score.ts detect');
  assert.equal(brief({ handler: 'h:handle' }), 'entry /p/h.py mms/handler');
  assert.equal(brief({ handler: 'h:handle', flavor: 'cortex' }), 'entry /p/h.py cortex/flag');
  assert.equal(brief({ handler: 'src/h.py:handle' }), 'entry /p/src/h.py mms/handler');
  assert.equal(brief({ model: 'm.onnx' }), 'model /p/m.onnx detect');
  assert.equal(brief({}), 'none - detect');
});

test('a handler module is looked for in the model directory first (model-archiver --model-path), then the cwd', () => {
  assert.equal(brief({ handler: 'h:handle', modelDir: 'model' }), 'entry /p/model/h.py mms/handler dir=/p/model');
  assert.equal(brief({ handler: 'only:handle', modelDir: 'model' }), 'entry /p/model/only.py mms/handler dir=/p/model');
  assert.equal(brief({ handler: 'other:handle', modelDir: 'model' }), 'entry /p/other.py mms/handler dir=/p/model');
  assert.equal(brief({ handler: 'src/h.py:handle', modelDir: 'model' }), 'entry /p/src/h.py mms/handler dir=/p/model');
  assert.equal(brief({ handler: 'image_classifier' }), 'builtin builtin image_classifier mms/handler');
});

test('mctl.yaml: paths from its directory; its flavor for its own entry only', () => {
  assert.equal(brief({}, config({ entry: '/p/score.py', flavor: 'ads' }), '/p/sub'), 'entry /p/score.py ads/config');
  assert.equal(brief({}, config({ handler: 'h:handle' }), '/p/sub'), 'entry /p/h.py mms/handler');
  assert.equal(
    brief({}, config({ handler: 'h:handle', modelDir: '/p/model' }), '/p/sub'),
    'entry /p/model/h.py mms/handler dir=/p/model',
  );
  assert.equal(
    brief({ entry: 'score.py' }, config({ entry: '/p/score.py', flavor: 'ads' })),
    'entry /p/score.py ads/config',
  );
  assert.equal(
    brief({ entry: 'other.py' }, config({ entry: '/p/score.py', flavor: 'ads' })),
    'entry /p/other.py detect',
  );
  assert.equal(
    brief({ handler: 'h:handle' }, config({ handler: 'h:handle', flavor: 'cortex' })),
    'entry /p/h.py cortex/config',
  );
  assert.equal(
    brief({ handler: 'other:handle' }, config({ handler: 'h:handle', flavor: 'cortex' })),
    'entry /p/other.py mms/handler',
  );
  assert.equal(
    brief({ entry: 'score.py', flavor: 'hf' }, config({ entry: '/p/score.py', flavor: 'ads' })),
    'entry /p/score.py hf/flag',
  );
  assert.equal(brief({ modelDir: 'model' }, config({ modelDir: '/p/elsewhere' })), 'none - detect dir=/p/model');
});

test('flags beat mctl.yaml; run.model only where the command asks for it', () => {
  assert.equal(brief({ entry: 'other.py' }, config({ handler: 'h:handle' })), 'entry /p/other.py detect');
  assert.equal(brief({ model: 'm.onnx' }, config({ handler: 'h:handle' })), 'model /p/m.onnx detect');
  assert.equal(brief({}, config({ run: { model: '/p/m.onnx' } }), '/p', true), 'model /p/m.onnx detect');
  assert.equal(brief({}, config({ run: { model: '/p/m.onnx' } }), '/p', false), 'none - detect');
});

test('refusals, each with its exit class', () => {
  assert.equal(code({ entry: 'score.py', handler: 'h:handle' }), 'TARGET_CONFLICT USAGE');
  assert.equal(code({ entry: 'score.ts', flavor: 'mms' }), 'FLAVOR_MISMATCH USAGE');
  assert.equal(code({ entry: 'score.py', flavor: 'native' }), 'FLAVOR_MISMATCH USAGE');
  assert.equal(code({ entry: 'm.onnx' }), 'ENTRY_UNSUPPORTED BAD_INPUT');
  assert.equal(code({ entry: 'nope.py' }), 'ENTRY_NOT_FOUND BAD_INPUT');
  assert.equal(code({ handler: 'nothere:handle' }), 'HANDLER_NOT_FOUND BAD_INPUT');
  assert.equal(code({ handler: 'a-b:handle' }), 'HANDLER_INVALID USAGE');
  assert.equal(code({}, config({ handler: 'a-b:handle' })), 'HANDLER_INVALID BAD_INPUT');
  assert.equal(code({ pythonVersion: '2.7' }), 'PYTHON_VERSION_INVALID USAGE');
});

test('HANDLER_NOT_FOUND names every place looked at', () => {
  assert.throws(
    () => resolveTarget({ cwd: '/p', config: null, flags: { handler: 'nothere:handle', modelDir: 'model' }, fs }),
    /looked for model\/nothere\.py and nothere\.py/,
  );
});

test('the target Python: flag > mctl.yaml > the pin in the environment file > 3.11', () => {
  const py = (flags: TargetFlags, conf: ProjectConfig | null) =>
    resolveTarget({ cwd: '/p', config: conf, flags, fs }).python;
  assert.deepEqual(py({ pythonVersion: '3.9' }, config({ pythonVersion: '3.10' })), {
    version: { major: 3, minor: 9 },
    from: '--python-version',
  });
  assert.equal(py({}, config({ pythonVersion: '3.10' })).from, 'mctl.yaml python_version');
  assert.deepEqual(py({}, config()), { version: { major: 3, minor: 8 }, from: 'environment.yml (python=3.8)' });
  assert.equal(py({}, null).from, 'default');
  // Without mctl.yaml, the pin beside the entry: where env check finds it.
  assert.equal(py({ entry: 'score.py' }, null).from, 'environment.yml (python=3.8)');
  const q = (flags: TargetFlags, conf: ProjectConfig | null) =>
    resolveTarget({ cwd: '/q', config: conf, flags, fs }).python;
  // ModelArts' config.json names its runtime, and with it the Python (INFERRED from the runtime names).
  assert.deepEqual(q({ entry: 'model/customize_service.py' }, null), {
    version: { major: 3, minor: 7 },
    from: 'model/config.json (runtime tf2.1-python3.7)',
  });
  const modelArts = config({ file: '/q/mctl.yaml', dir: '/q', envFile: '/q/model/config.json' });
  assert.equal(q({ entry: 'model/customize_service.py' }, modelArts).version.minor, 7);
  // A config.json without a ModelArts runtime (a Hugging Face model's) pins nothing.
  assert.equal(resolveTarget({ cwd: '/r', config: null, flags: { entry: 'handler.py' }, fs }).python.from, 'default');
});

test('pins: exact versions count, ranges do not', () => {
  const pin = (line: string) => pinnedPython(line)?.version ?? null;
  assert.equal(pin('  - python=3.8'), '3.8');
  assert.equal(pin('  - python==3.10.4'), '3.10');
  assert.equal(pin('  - "python=3.9.*"'), '3.9');
  assert.equal(pin('  - python 3.12'), '3.12');
  assert.equal(pin("    INFERENCE_PYTHON_VERSION: '3.11'"), '3.11');
  assert.equal(pin('  - python>=3.8'), null);
  assert.equal(pin('  - python-dateutil=2.8'), null);
  assert.equal(pin('  - pythonnet=3.0'), null);
});
