/**
 * The Cortex guide's example project under mctl run and from its archive: metadata from its cortex.yaml, and
 * /mnt/project/ read as the project directory (the S3 stand-in reads through it); a v0.35 Handler the same way.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { mctlIn, tempDir } from '../helpers/cli.ts';
import { SKIP_NO_PYTHON } from '../helpers/run.ts';

test(
  'the guide\'s metadata["bucket"] example runs with its cortex.yaml\'s metadata',
  { skip: SKIP_NO_PYTHON },
  async () => {
    const { dir, cleanup } = tempDir('guides/cortex');
    try {
      const env = { PYTHONPATH: join(dir, 'standins') };
      const result = await mctlIn(['run', '--entry', 'inference.py', '--input', 'sample.json', '--json'], {
        cwd: dir,
        env,
      });
      assert.equal(result.code, 0, result.stdout + result.stderr);
      const doc = result.json<{ results: { output: unknown }[]; convention: string; flavor: string }>();
      assert.equal(doc.flavor, 'cortex');
      assert.equal(doc.results[0]!.output, 'iris-setosa');
      assert.match(doc.convention, /init\(metadata\) \+ predict\(sample, metadata\)/);
      assert.equal((await mctlIn(['env', 'check', '--entry', 'inference.py', '--json'], { cwd: dir })).code, 0);
      // Its archive carries the metadata (MAR-INF/mctl.json entry.config): served without the
      // project around it, the entry still gets cortex.yaml's bucket and key.
      const out = tempDir();
      try {
        const archive = ['archive', '--handler', 'inference.py', '--model-dir', '.', '--model-name', 'iris'];
        const packed = await mctlIn([...archive, '--export-path', out.dir], { cwd: dir });
        assert.equal(packed.code, 0, packed.stderr);
        const served = await mctlIn(['run', '--archive', join(out.dir, 'iris.mar'), '--input', 'sample.json'], {
          cwd: dir,
          env,
        });
        assert.equal(served.code, 0, served.stderr);
        assert.equal(JSON.parse(served.stdout), 'iris-setosa');
      } finally {
        out.cleanup();
      }
    } finally {
      cleanup();
    }
  },
);

test(
  'a predictor needing a client only Cortex has validates; run says so, exit 7',
  { skip: SKIP_NO_PYTHON },
  async () => {
    const { dir, cleanup } = tempDir();
    try {
      writeFileSync(
        join(dir, 'predictor.py'),
        [
          'class TensorFlowPredictor:',
          '    def __init__(self, tensorflow_client, config):',
          '        self.client = tensorflow_client',
          '',
          '    def predict(self, payload):',
          '        return self.client.predict(payload)',
          '',
        ].join('\n'),
      );
      writeFileSync(join(dir, 'sample.json'), '{"x": 1}');
      assert.equal((await mctlIn(['validate', 'predictor.py'], { cwd: dir })).code, 0);
      const result = await mctlIn(['run', '--entry', 'predictor.py', '--input', 'sample.json', '--json'], { cwd: dir });
      assert.equal(result.code, 7, result.stdout + result.stderr);
      const error = result.json<{ error: { code: string; message: string; hint: string } }>().error;
      assert.equal(error.code, 'SERVING_HOST_INCOMPLETE');
      assert.match(error.message, /TensorFlowPredictor needs tensorflow_client, which only Cortex's serving image/);
      assert.match(error.hint, /TensorFlow Serving/);
    } finally {
      cleanup();
    }
  },
);

test(
  "a v0.35 Handler runs handle_post with cortex.yaml's handler.config, also from its archive",
  { skip: SKIP_NO_PYTHON },
  async () => {
    const { dir, cleanup } = tempDir();
    try {
      const handler = [
        'import json',
        '',
        'class Handler:',
        '    def __init__(self, config, model_client):',
        '        self.config, self.client = config, model_client',
        '',
        '    def load_model(self, model_path):',
        '        with open(model_path + "/labels.json") as f:',
        '            return json.load(f)',
        '',
        '    def handle_post(self, payload, query_params):',
        '        labels = self.client.get_model()',
        '        return {"label": labels[payload["index"]], "prefix": self.config["prefix"]}',
        '',
      ];
      writeFileSync(join(dir, 'handler.py'), handler.join('\n'));
      writeFileSync(join(dir, 'labels.json'), '["cat", "dog"]');
      writeFileSync(
        join(dir, 'cortex.yaml'),
        '- name: pets\n  kind: RealtimeAPI\n  handler:\n    type: python\n' +
          '    path: handler.py\n    config:\n      prefix: pet\n',
      );
      writeFileSync(join(dir, 'sample.json'), '{"index": 1}');
      const result = await mctlIn(['run', '--entry', 'handler.py', '--input', 'sample.json', '--json'], { cwd: dir });
      assert.equal(result.code, 0, result.stdout + result.stderr);
      const doc = result.json<{ results: { output: unknown }[]; convention: string; flavorReason: string }>();
      assert.deepEqual(doc.results[0]!.output, { label: 'dog', prefix: 'pet' });
      assert.match(
        doc.flavorReason,
        /Handler\(config, model_client\)\.handle_post\(payload, query_params\) RealtimeAPI/,
      );
      assert.match(doc.convention, /RealtimeAPI \(Cortex v0\.35\)/);
      const out = tempDir();
      try {
        const archive = ['archive', '--handler', 'handler.py', '--model-dir', '.', '--model-name', 'pets'];
        const packed = await mctlIn([...archive, '--export-path', out.dir], { cwd: dir });
        assert.equal(packed.code, 0, packed.stderr);
        const served = await mctlIn(
          ['run', '--archive', join(out.dir, 'pets.mar'), '--input', join(dir, 'sample.json')],
          {
            cwd: out.dir,
          },
        );
        assert.equal(served.code, 0, served.stderr);
        assert.deepEqual(JSON.parse(served.stdout), { label: 'dog', prefix: 'pet' });
      } finally {
        out.cleanup();
      }
    } finally {
      cleanup();
    }
  },
);
