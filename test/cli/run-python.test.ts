/** mctl run on the bundled example project of every Python flavor, as a user would run it. */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { mctlIn, tempDir } from '../helpers/cli.ts';
import { PYTHON, SKIP_NO_PYTHON } from '../helpers/run.ts';

const env = { MCTL_PYTHON: PYTHON };

const CASES: { project: string; flavor: string; output: unknown; convention: RegExp }[] = [
  {
    project: 'deepdev',
    flavor: 'deepdev',
    output: { ranked: ['apple', 'cherry'] },
    convention: /init\(model_dir\).*run\(raw_body_str\)/,
  },
  {
    project: 'cortex',
    flavor: 'cortex',
    output: { label: 'positive', score: 1 },
    convention: /init\(model_path, metadata\).*predict\(sample, metadata\)/,
  },
  { project: 'cortex-class', flavor: 'cortex', output: { positive: true }, convention: /PythonPredictor\(config\)/ },
  {
    project: 'modelarts',
    flavor: 'modelarts',
    output: { row1: { score: 3.1 } },
    convention: /_postprocess\(_inference\(_preprocess\(data\)\)\)/,
  },
  { project: 'ads', flavor: 'ads', output: { prediction: [-2.25, 3] }, convention: /predict\(data\) per request/ },
  { project: 'mms', flavor: 'mms', output: { score: 1 }, convention: /handle\(None, context\) once at load/ },
  { project: 'mms-class', flavor: 'mms', output: { mean: 3 }, convention: /MeanHandler\(\) and initialize\(context\)/ },
  {
    project: 'azureml',
    flavor: 'azureml',
    output: { predictions: [1, 0] },
    convention: /init\(\) once, then run\(raw_body_str\)/,
  },
  {
    project: 'hf',
    flavor: 'hf',
    output: [
      { label: 'positive', score: 1 },
      { label: 'negative', score: 0.5 },
    ],
    convention: /EndpointHandler\(model_dir\)/,
  },
];

for (const c of CASES) {
  test(
    `${c.project}: runs as ${c.flavor} with the platform's calling convention`,
    { skip: SKIP_NO_PYTHON },
    async () => {
      const { dir, cleanup } = tempDir(`projects/${c.project}`);
      try {
        const human = await mctlIn(['run', '--input', 'sample.json'], { cwd: dir, env });
        assert.equal(human.code, 0, human.stderr);
        assert.deepEqual(JSON.parse(human.stdout), c.output);
        assert.match(human.stderr, new RegExp(`as ${c.flavor}`));
        const json = await mctlIn(['run', '--input', 'sample.json', '--json', '--repeat', '3'], { cwd: dir, env });
        assert.equal(json.code, 0, json.stderr);
        const doc = json.json<{
          ok: boolean;
          flavor: string;
          convention: string;
          results: { input: string; output: unknown }[];
          timings: { calls: number; p50Ms: number; initMs: number };
        }>();
        assert.equal(doc.ok, true);
        assert.equal(doc.flavor, c.flavor);
        assert.match(doc.convention, c.convention);
        assert.deepEqual(doc.results, [{ input: 'sample.json', output: c.output }]);
        assert.equal(doc.timings.calls, 3);
        assert.ok(doc.timings.p50Ms >= 0 && doc.timings.initMs >= 0);
        // Python's bytecode caches would litter the user's project.
        assert.ok(!readdirSync(dir, { recursive: true }).some((f) => String(f).includes('__pycache__')));
      } finally {
        cleanup();
      }
    },
  );
}

test('stand-ins are used only where the platform module is absent, and say so', { skip: SKIP_NO_PYTHON }, async () => {
  const { dir, cleanup } = tempDir('projects/modelarts');
  try {
    const result = await mctlIn(['run', '--input', 'sample.json', '--json'], { cwd: dir, env });
    assert.deepEqual(result.json<{ standins: string[] }>().standins, ['model_service']);
    // A real module of the same name wins over the stand-in.
    writeFileSync(
      join(dir, 'model', 'log.py'),
      'def getLogger(name=None):\n    raise RuntimeError("the real log module")\n',
    );
    writeFileSync(
      join(dir, 'model', 'customize_service.py'),
      'import log\nlog.getLogger(__name__)\n' +
        'from model_service.pytorch_model_service import PTServingBaseService\n' +
        'class S(PTServingBaseService):\n    pass\n',
    );
    const real = await mctlIn(['run', '--input', 'sample.json'], { cwd: dir, env });
    assert.equal(real.code, 6);
    assert.match(real.stderr, /import error: .*RuntimeError: the real log module/);
  } finally {
    cleanup();
  }
});

test('Cortex gets the predictor config from cortex.yaml', { skip: SKIP_NO_PYTHON }, async () => {
  const { dir, cleanup } = tempDir('projects/cortex-class');
  try {
    writeFileSync(
      join(dir, 'cortex.yaml'),
      '- name: threshold\n  kind: RealtimeAPI\n' +
        '  predictor:\n    type: python\n    path: predictor.py\n    config:\n      threshold: 0.9\n',
    );
    const result = await mctlIn(['run', '--input', 'sample.json'], { cwd: dir, env });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), { positive: false });
  } finally {
    cleanup();
  }
});

test(
  'TorchServe/MMS: --inputs is one batch; handle() must return one item per request',
  { skip: SKIP_NO_PYTHON },
  async () => {
    const { dir, cleanup } = tempDir('projects/mms');
    try {
      writeFileSync(join(dir, 'batch.jsonl'), '{"text": "good"}\n{"text": "bad bad"}\n\n{"text": "meh"}\n');
      const result = await mctlIn(['run', '--inputs', 'batch.jsonl', '--json'], { cwd: dir, env });
      assert.equal(result.code, 0, result.stderr);
      const doc = result.json<{ results: { input: string; output: unknown }[]; timings: { calls: number } }>();
      assert.deepEqual(doc.results, [
        { input: 'batch.jsonl:1', output: { score: 1 } },
        { input: 'batch.jsonl:2', output: { score: -2 } },
        { input: 'batch.jsonl:4', output: { score: 0 } },
      ]);
      assert.equal(doc.timings.calls, 1, 'one handle() call for the batch');
      writeFileSync(
        join(dir, 'model_handler.py'),
        'def handle(data, context):\n    return None if data is None else {"not": "a list"}\n',
      );
      const bad = await mctlIn(['run', '--input', 'batch.jsonl'.replace('batch.jsonl', 'sample.json')], {
        cwd: dir,
        env,
      });
      assert.equal(bad.code, 6);
      assert.match(bad.stderr, /Invalid model predict output: handle\(\) returned dict/);
    } finally {
      cleanup();
    }
  },
);

test(
  'TorchServe context: system_properties, manifest, gpu_id None on the CPU, cwd at the model dir',
  { skip: SKIP_NO_PYTHON },
  async () => {
    const { dir, cleanup } = tempDir();
    try {
      writeFileSync(
        join(dir, 'h.py'),
        [
          'import os',
          'calls = []',
          'def handle(data, context):',
          '    calls.append(data)',
          '    if data is None:',
          '        return None',
          '    p = dict(context.system_properties)',
          '    return [{"props": p, "calls": [c is None for c in calls], "cwd": os.getcwd(), "body": data[0]["body"],',
          '             "header": context.get_request_header(0, "Content-Type"),',
          '             "cuda": os.environ.get("CUDA_VISIBLE_DEVICES")}]',
        ].join('\n'),
      );
      writeFileSync(join(dir, 'in.json'), '{"x": 1}');
      const result = await mctlIn(['run', '--handler', 'h:handle', '--input', 'in.json'], { cwd: dir, env });
      assert.equal(result.code, 0, result.stderr);
      const out = JSON.parse(result.stdout) as Record<string, unknown>;
      assert.deepEqual(out.props, {
        model_dir: dir,
        gpu_id: null,
        batch_size: 1,
        server_name: 'MMS',
        server_version: '0.12.0',
        limit_max_image_pixels: true,
      });
      assert.deepEqual(out.calls, [true, false], 'handle(None, context) once at load, then the request');
      assert.equal(out.cwd, dir);
      assert.deepEqual(out.body, { x: 1 });
      assert.equal(out.header, 'application/json');
      assert.equal(out.cuda, '', 'on the CPU no GPU is visible');
    } finally {
      cleanup();
    }
  },
);

test(
  'raw bytes with --input-file: ADS gets bytes, TorchServe bytes in the body',
  { skip: SKIP_NO_PYTHON },
  async () => {
    const { dir, cleanup } = tempDir();
    try {
      writeFileSync(join(dir, 'blob.bin'), Buffer.from([0, 1, 2, 255]));
      writeFileSync(
        join(dir, 'score.py'),
        'def load_model():\n    return 1\n' +
          'def predict(data, model=load_model()):\n    return {"type": type(data).__name__, "n": len(data), "model": model}\n',
      );
      const ads = await mctlIn(['run', '--entry', 'score.py', '--flavor', 'ads', '--input-file', 'blob.bin'], {
        cwd: dir,
        env,
      });
      assert.equal(ads.code, 0, ads.stderr);
      assert.deepEqual(JSON.parse(ads.stdout), { type: 'bytes', n: 4, model: 1 });
      writeFileSync(
        join(dir, 'h.py'),
        'def handle(data, context):\n    return None if data is None else [{"type": type(data[0]["body"]).__name__}]\n',
      );
      const ts = await mctlIn(['run', '--handler', 'h', '--input-file', 'blob.bin'], { cwd: dir, env });
      assert.deepEqual(JSON.parse(ts.stdout), { type: 'bytes' });
    } finally {
      cleanup();
    }
  },
);

test(
  'Hugging Face: a body without "inputs" is rejected before the handler runs (exit 3)',
  { skip: SKIP_NO_PYTHON },
  async () => {
    const { dir, cleanup } = tempDir('projects/hf');
    try {
      writeFileSync(
        join(dir, 'handler.py'),
        'open("imported", "w").close()\n' +
          'class EndpointHandler:\n    def __init__(self, path):\n        pass\n' +
          '    def __call__(self, data):\n        return data\n',
      );
      writeFileSync(join(dir, 'bad.json'), '{"text": "hi"}');
      const result = await mctlIn(['run', '--input', 'bad.json', '--json'], { cwd: dir, env });
      assert.equal(result.code, 3);
      assert.match(
        result.json<{ error: { message: string } }>().error.message,
        /bad\.json.*Body needs to provide a inputs key/,
      );
      assert.ok(!existsSync(join(dir, 'imported')), 'the handler module was never imported');
    } finally {
      cleanup();
    }
  },
);

test(
  '--output --force never replaces what the run reads: the entry, an input, mctl.yaml (exit 3, untouched)',
  { skip: SKIP_NO_PYTHON },
  async () => {
    const { dir, cleanup } = tempDir('projects/azureml');
    try {
      const before = (file: string) => readFileSync(join(dir, file), 'utf8');
      const kept = Object.fromEntries(['score.py', 'sample.json', 'mctl.yaml'].map((f) => [f, before(f)]));
      for (const output of ['score.py', 'sample.json', 'mctl.yaml', './score.py']) {
        const result = await mctlIn(['run', '--input', 'sample.json', '--output', output, '--force', '--json'], {
          cwd: dir,
          env,
        });
        assert.equal(result.code, 3, `${output}: ${result.stdout}${result.stderr}`);
        assert.equal(result.json<{ error: { code: string } }>().error.code, 'OUTPUT_OVERLAPS_INPUT');
      }
      for (const [file, text] of Object.entries(kept)) assert.equal(before(file), text, file);
      const fresh = await mctlIn(['run', '--input', 'sample.json', '--output', 'out.json'], { cwd: dir, env });
      assert.equal(fresh.code, 0, fresh.stderr);
      assert.ok(existsSync(join(dir, 'out.json')));
    } finally {
      cleanup();
    }
  },
);
