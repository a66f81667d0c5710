/** mctl serve for every flavor: its routes answered over real HTTP, then SIGTERM: exit 0, nothing left running. */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { FIXTURES, mctl, tempDir } from '../helpers/cli.ts';
import { PYTHON, SKIP_NO_PYTHON } from '../helpers/run.ts';
import { startServe } from '../helpers/serve.ts';

interface Exchange {
  method?: string;
  path: string;
  body?: string;
  type?: string;
  status?: number;
  /** The body as JSON, or a check of the response. */
  json?: unknown;
  check?: (text: string, headers: Headers) => void;
}

const sample = (project: string) => readFileSync(join(FIXTURES, 'projects', project, 'sample.json'), 'utf8');
const json = 'application/json';

const CASES: {
  name: string;
  project?: string;
  args?: string[];
  python?: boolean;
  /** Worker processes expected under mctl. */
  workers?: number;
  exchanges: Exchange[];
}[] = [
  {
    name: 'azureml: GET / liveness, POST and GET /score, /swagger.json',
    project: 'azureml',
    python: true,
    exchanges: [
      { path: '/', check: (t) => assert.equal(t, 'Healthy') },
      {
        method: 'POST',
        path: '/score',
        body: sample('azureml'),
        type: json,
        json: { predictions: [1, 0] },
        check: (_t, h) => assert.match(h.get('x-ms-run-fn-exec-ms') ?? '', /^\d+\.\d{3}$/),
      },
      { path: '/score?data=[[0.9]]', json: { predictions: [1] } },
      { path: '/swagger.json', check: (t) => assert.equal(JSON.parse(t).swagger, '2.0') },
    ],
  },
  {
    name: 'deepdev: POST /score',
    project: 'deepdev',
    python: true,
    exchanges: [
      { method: 'POST', path: '/score', body: sample('deepdev'), type: json, json: { ranked: ['apple', 'cherry'] } },
    ],
  },
  {
    name: 'hf: POST / and /predict with query parameters, GET /health, 400 without inputs',
    project: 'hf',
    python: true,
    exchanges: [
      {
        method: 'POST',
        path: '/',
        body: sample('hf'),
        type: json,
        json: [
          { label: 'positive', score: 1 },
          { label: 'negative', score: 0.5 },
        ],
      },
      {
        method: 'POST',
        path: '/predict?top_k=1',
        body: '{"inputs": "what a day"}',
        type: json,
        json: [{ label: 'positive', score: 1 }],
      },
      { path: '/health', check: (t) => assert.equal(t, 'Ok') },
      {
        method: 'POST',
        path: '/',
        body: '{"x": 1}',
        type: json,
        status: 400,
        json: { error: 'Body needs to provide a inputs key' },
      },
    ],
  },
  {
    name: 'ads: POST /predict, two workers each its own process',
    project: 'ads',
    python: true,
    args: ['--workers', '2'],
    workers: 2,
    exchanges: [
      { method: 'POST', path: '/predict', body: sample('ads'), type: json, json: { prediction: [-2.25, 3] } },
    ],
  },
  {
    name: 'cortex: POST /predict',
    project: 'cortex',
    python: true,
    exchanges: [
      { method: 'POST', path: '/predict', body: sample('cortex'), type: json, json: { label: 'positive', score: 1 } },
    ],
  },
  {
    name: 'modelarts: POST / with JSON',
    project: 'modelarts',
    python: true,
    exchanges: [
      { method: 'POST', path: '/', body: sample('modelarts'), type: json, json: { row1: { score: 3.1 } } },
      { path: '/health', status: 200 },
    ],
  },
  {
    name: 'native: POST /predict and KServe v2',
    project: 'native',
    exchanges: [
      {
        method: 'POST',
        path: '/predict',
        body: sample('native'),
        type: json,
        check: (t) => assert.deepEqual(JSON.parse(t).y.length, 2),
      },
      {
        method: 'POST',
        path: '/v2/models/linear-onnx/infer',
        body: '{"inputs": [{"name": "x", "shape": [1, 3], "datatype": "FP32", "data": [1, 2, 3]}]}',
        type: json,
        check: (t) => assert.equal(JSON.parse(t).outputs[0].name, 'y'),
      },
    ],
  },
  {
    name: 'a bare ONNX model: KServe v2 metadata and inference, 400 for an input it does not have',
    args: ['--model', join(FIXTURES, 'onnx/linear.onnx')],
    exchanges: [
      {
        path: '/v2/models/linear',
        json: {
          name: 'linear',
          versions: ['1.0'],
          platform: 'onnxruntime_onnx',
          inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 3] }],
          outputs: [{ name: 'y', datatype: 'FP32', shape: [-1, 1] }],
        },
      },
      {
        method: 'POST',
        path: '/v2/models/linear/infer',
        body: '{"id": "1", "inputs": [{"name": "x", "shape": [1, 3], "datatype": "FP32", "data": [1, 2, 3]}]}',
        type: json,
        json: {
          model_name: 'linear',
          model_version: '1.0',
          id: '1',
          outputs: [{ name: 'y', shape: [1, 1], datatype: 'FP32', data: [3.1] }],
        },
      },
      {
        method: 'POST',
        path: '/predict',
        body: '{"z": [1]}',
        type: json,
        status: 400,
        check: (t) => assert.match(JSON.parse(t).error, /no input 'z'/),
      },
      { path: '/v2/health/ready', status: 200 },
    ],
  },
];

describe('mctl serve, flavor by flavor', { concurrency: 3 }, () => {
  for (const c of CASES) {
    test(c.name, { skip: c.python ? SKIP_NO_PYTHON : false }, async () => {
      const cwd = c.project ? join(FIXTURES, 'projects', c.project) : FIXTURES;
      const served = await startServe(c.args ?? [], { cwd, env: { MCTL_PYTHON: PYTHON } });
      try {
        if (c.workers) assert.equal(served.tree().length, c.workers, 'one process per worker');
        for (const x of c.exchanges) {
          const res = await fetch(`${served.ready.url}${x.path}`, {
            method: x.method ?? 'GET',
            ...(x.body !== undefined ? { body: x.body } : {}),
            ...(x.type ? { headers: { 'content-type': x.type } } : {}),
          });
          const text = await res.text();
          assert.equal(res.status, x.status ?? 200, `${x.method ?? 'GET'} ${x.path}: ${text}\n${served.stderr()}`);
          if (x.json !== undefined) assert.deepEqual(JSON.parse(text), x.json, x.path);
          x.check?.(text, res.headers);
        }
      } finally {
        const { code, left } = await served.stop('SIGTERM');
        assert.equal(code, 0, served.stderr());
        assert.deepEqual(left, []);
      }
    });
  }

  test(
    "a .mar served as TorchServe loads it: its model-config.yaml's batch settings, its manifest's name",
    { skip: SKIP_NO_PYTHON },
    async () => {
      const { dir, cleanup } = tempDir('projects/mms');
      try {
        writeFileSync(join(dir, 'model-config.yaml'), 'batchSize: 3\nmaxBatchDelay: 20\nresponseTimeout: 7\n');
        const built = mctl(['archive', '--model-name', 'scorer', '-c', 'model-config.yaml'], { cwd: dir });
        assert.equal(built.code, 0, built.stderr);
        const served = await startServe(['--archive', 'scorer.mar'], { cwd: dir, env: { MCTL_PYTHON: PYTHON } });
        try {
          const described = (await (await fetch(`${served.ready.managementUrl}/models/scorer`)).json()) as {
            batchSize: number;
            maxBatchDelay: number;
            responseTimeout: number;
          }[];
          assert.deepEqual(
            [described[0]!.batchSize, described[0]!.maxBatchDelay, described[0]!.responseTimeout],
            [3, 20, 7],
          );
          const answers = await Promise.all(
            ['good', 'bad', 'good good'].map((text) =>
              fetch(`${served.ready.url}/predictions/scorer`, {
                method: 'POST',
                headers: { 'content-type': json },
                body: JSON.stringify({ text }),
              }).then((r) => r.json()),
            ),
          );
          assert.deepEqual(answers, [{ score: 1 }, { score: -1 }, { score: 2 }]);
        } finally {
          const { code, left } = await served.stop('SIGTERM');
          assert.equal(code, 0, served.stderr());
          assert.deepEqual(left, []);
        }
      } finally {
        cleanup();
      }
    },
  );
});
