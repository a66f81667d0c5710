/**
 * Archives loaded by the servers' own code. Each test runs only when that code is on this
 * machine, found through an environment variable (mctl never ships or builds it):
 *
 *   MCTL_TORCHSERVE_SRC  a pytorch/serve checkout (holds ts/): ts/model_loader.py loads the
 *                        extracted archive and the handler is called, as the worker does
 *   MCTL_MMS_SRC         an awslabs/multi-model-server checkout (holds mms/): mms/model_loader.py
 *   MCTL_TS_ARCHIVE_CP   class path with pytorch/serve's frontend/archive classes and their jars
 *                        (gson, commons-io, commons-compress, snakeyaml, slf4j): ModelArchive
 *                        and ZipUtils open the archive as TorchServe's frontend does
 *   MCTL_MMS_ARCHIVE_CP  the same for multi-model-server's frontend/modelarchive
 *
 * The class paths can be built with javac and Debian's jars (apt-get install openjdk-17-jdk
 * libgoogle-gson-java libcommons-io-java libcommons-compress-java libyaml-snake-java
 * libslf4j-java), e.g.: javac -d /tmp/ts-classes -cp <those jars> $(find
 * serve/frontend/archive/src/main/java -name '*.java'); then
 * MCTL_TS_ARCHIVE_CP=/tmp/ts-classes:<those jars>.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { BIN, ROOT, mctl, tempDir } from '../helpers/cli.ts';
import { PYTHON } from '../helpers/run.ts';

const TS_SRC = process.env.MCTL_TORCHSERVE_SRC;
const MMS_SRC = process.env.MCTL_MMS_SRC;
const TS_CP = process.env.MCTL_TS_ARCHIVE_CP;
const MMS_CP = process.env.MCTL_MMS_ARCHIVE_CP;
const LOADER = join(ROOT, 'test/helpers/load_with_server.py');
const JAVA_CHECK = join(ROOT, 'test/helpers/java/ArchiveCheck.java');

function skipReason(value: string | undefined, name: string, inside: string): string | false {
  if (!value) return `${name} is not set (see the comment at the top of this file)`;
  if (inside && !existsSync(join(value, inside))) return `${name}=${value} has no ${inside}`;
  return false;
}

/** Extracts with Python's zipfile (what the frontend's unzip leaves behind) and calls the handler. */
function serve(
  server: 'torchserve' | 'mms',
  src: string,
  archive: string,
  bodies: string[],
  env?: NodeJS.ProcessEnv,
): unknown[] {
  const result = load(server, src, archive, bodies, env);
  assert.equal(result.status, 0, result.stderr);
  return result.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}

function load(
  server: 'torchserve' | 'mms',
  src: string,
  archive: string,
  bodies: string[],
  env?: NodeJS.ProcessEnv,
): { status: number | null; stdout: string; stderr: string } {
  const { dir, cleanup } = tempDir();
  try {
    const unzip = spawnSync('python3', [
      '-c',
      'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])',
      archive,
      dir,
    ]);
    assert.equal(unzip.status, 0, String(unzip.stderr));
    const manifest = spawnSync(
      'python3',
      [
        '-c',
        'import json, sys; print(json.load(open(sys.argv[1]))["model"]["handler"])',
        join(dir, 'MAR-INF/MANIFEST.json'),
      ],
      { encoding: 'utf8' },
    );
    return spawnSync(PYTHON ?? 'python3', [LOADER, server, src, dir, manifest.stdout.trim(), ...bodies], {
      encoding: 'utf8',
      ...(env ? { env } : {}),
    });
  } finally {
    cleanup();
  }
}

function archiveFixture(fixture: string, args: string[] = []): { dir: string; cleanup: () => void; mar: string } {
  const project = tempDir(fixture);
  const result = mctl(['archive', '--json', ...args], { cwd: project.dir });
  assert.equal(result.code, 0, result.stderr);
  return { ...project, mar: join(project.dir, result.json<{ output: string }>().output) };
}

const BODY = JSON.stringify({ text: 'good good bad' });

for (const [server, src, inside] of [
  ['torchserve', TS_SRC, 'ts/model_loader.py'],
  ['mms', MMS_SRC, 'mms/model_loader.py'],
] as const) {
  const name = server === 'torchserve' ? 'MCTL_TORCHSERVE_SRC' : 'MCTL_MMS_SRC';
  test(
    `${server}'s Python model loader loads a function handler and serves requests`,
    { skip: skipReason(src, name, inside) },
    () => {
      for (const format of ['default', 'zip-store']) {
        const { cleanup, mar } = archiveFixture('projects/mms', ['--archive-format', format]);
        try {
          assert.deepEqual(serve(server, src!, mar, [BODY]), [[{ score: 1 }]]);
        } finally {
          cleanup();
        }
      }
    },
  );

  test(`${server}'s Python model loader loads a handler class`, { skip: skipReason(src, name, inside) }, () => {
    const { cleanup, mar } = archiveFixture('projects/mms-class');
    try {
      assert.deepEqual(serve(server, src!, mar, [JSON.stringify({ values: [1, 2, 6] })]), [[{ mean: 3 }]]);
    } finally {
      cleanup();
    }
  });
}

/** Copies the archive into a fresh model store and opens it with the server's Java archive code. */
function javaOpen(
  server: 'torchserve' | 'mms',
  classPath: string,
  archive: string,
  name: string,
): {
  status: number | null;
  json?: { name: string; version: string; handler: string; runtime: string; files: string[] };
  stderr: string;
} {
  const { dir, cleanup } = tempDir();
  try {
    const store = join(dir, 'store');
    mkdirSync(store);
    mkdirSync(join(dir, 'tmp'));
    cpSync(archive, join(store, name), { recursive: true });
    const result = spawnSync(
      'java',
      [`-Djava.io.tmpdir=${join(dir, 'tmp')}`, '-cp', classPath, JAVA_CHECK, server, store, name],
      { encoding: 'utf8' },
    );
    return {
      status: result.status,
      stderr: result.stderr,
      ...(result.status === 0 ? { json: JSON.parse(result.stdout) } : {}),
    };
  } finally {
    cleanup();
  }
}

for (const [server, classPath] of [
  ['torchserve', TS_CP],
  ['mms', MMS_CP],
] as const) {
  const variable = server === 'torchserve' ? 'MCTL_TS_ARCHIVE_CP' : 'MCTL_MMS_ARCHIVE_CP';
  test(
    `${server}'s Java frontend (ZipInputStream) opens every format it reads and validates the manifest`,
    { skip: skipReason(classPath, variable, '') },
    () => {
      const { dir, cleanup } = tempDir('projects/mms');
      try {
        writeFileSync(join(dir, 'weights.bin'), Buffer.alloc(3 * 1024 * 1024, 1));
        const formats: [string, string][] = [
          ['default', 'm.mar'],
          ['zip-store', 'm.mar'],
          ['no-archive', 'm'],
        ];
        if (server === 'torchserve') formats.push(['tgz', 'm.tar.gz']);
        for (const [format, name] of formats) {
          assert.equal(
            mctl(
              [
                'archive',
                '--model-name',
                'm',
                '--serialized-file',
                'weights.bin',
                '--archive-format',
                format,
                '--force',
              ],
              { cwd: dir },
            ).code,
            0,
          );
          const opened = javaOpen(server, classPath!, join(dir, name), name);
          assert.equal(opened.status, 0, `${format}: ${opened.stderr}`);
          assert.deepEqual(opened.json, {
            name: 'm',
            version: '1.0',
            handler: 'model_handler:handle',
            runtime: 'PYTHON',
            files: ['MAR-INF/MANIFEST.json', 'MAR-INF/mctl.json', 'model_handler.py', 'weights.bin'],
          });
        }
      } finally {
        cleanup();
      }
    },
  );
}

// The TorchServe shim for the other flavors delegates to python/mctl_runtime/adapters/ (from mctl run).
const ADAPTERS = existsSync(join(ROOT, 'python/mctl_runtime/adapters'))
  ? false
  : "python/mctl_runtime/adapters/ (mctl run's calling conventions) is not in this build";
const SHIMMED: [string, unknown, unknown][] = [
  ['azureml', { data: [[0.7], [0.2]] }, { predictions: [1, 0] }],
  ['cortex', { text: 'I love this, great stuff, not bad' }, { label: 'positive', score: 1 }],
  ['cortex-class', { value: 0.8 }, { positive: true }],
  ['deepdev', { items: ['banana', 'apple', 'date', 'cherry'], top_k: 2 }, { ranked: ['apple', 'cherry'] }],
  [
    'hf',
    { inputs: 'what a day', parameters: { top_k: 2 } },
    [
      { label: 'positive', score: 1 },
      { label: 'negative', score: 0.5 },
    ],
  ],
  ['modelarts', { row1: { features: [1, 2, 3] } }, { row1: { score: 3.1 } }],
  [
    'ads',
    {
      data: [
        [1, 2],
        [0.5, -1],
      ],
    },
    null,
  ],
];

for (const [server, src, inside] of [
  ['torchserve', TS_SRC, 'ts/model_loader.py'],
  ['mms', MMS_SRC, 'mms/model_loader.py'],
] as const) {
  const name = server === 'torchserve' ? 'MCTL_TORCHSERVE_SRC' : 'MCTL_MMS_SRC';
  test(
    `${server} serves every Python flavor through the generated shim (mctl_shim:handle)`,
    { skip: ADAPTERS || skipReason(src, name, inside) },
    () => {
      for (const [fixture, body, expected] of SHIMMED) {
        // The ADS fixture keeps model.json beside score.py and names no model_dir.
        const { cleanup, mar } = archiveFixture(`projects/${fixture}`, fixture === 'ads' ? ['--model-dir', '.'] : []);
        try {
          const [result] = serve(server, src!, mar, [`json:${JSON.stringify(body)}`]) as unknown[][];
          assert.equal(result!.length, 1, fixture);
          if (expected !== null) assert.deepEqual(result![0], expected, fixture);
        } finally {
          cleanup();
        }
      }
    },
  );
}

/**
 * A serving host as a global install of mctl leaves it: mctl and node on PATH, no MCTL_HOME or MCTL_NODE.
 * The PATH holds only that bin directory, the interpreter's and the system's.
 */
function servingHost(dir: string, withMctl: boolean): NodeJS.ProcessEnv {
  const bin = join(dir, withMctl ? 'host-bin' : 'bare-host-bin');
  mkdirSync(bin);
  symlinkSync(process.execPath, join(bin, 'node'));
  if (withMctl) symlinkSync(BIN, join(bin, 'mctl'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: [bin, dirname(PYTHON ?? '/usr/bin/python3'), '/usr/bin', '/bin'].join(':'),
  };
  delete env.MCTL_HOME;
  delete env.MCTL_NODE;
  return env;
}

for (const [server, src, inside] of [
  ['torchserve', TS_SRC, 'ts/model_loader.py'],
  ['mms', MMS_SRC, 'mms/model_loader.py'],
] as const) {
  const name = server === 'torchserve' ? 'MCTL_TORCHSERVE_SRC' : 'MCTL_MMS_SRC';
  test(
    `${server} serves a native TypeScript entry through the shim, with Node.js and mctl found on PATH`,
    { skip: ADAPTERS || skipReason(src, name, inside) },
    () => {
      const { dir, cleanup, mar } = archiveFixture('projects/native');
      try {
        const direct = mctl(['run', '--input', 'sample.json', '--json'], { cwd: dir });
        assert.equal(direct.code, 0, direct.stderr);
        const expected = direct.json<{ results: { output: unknown }[] }>().results[0]!.output;
        const body = `json:${JSON.stringify({
          x: [
            [1, 2, 3],
            [0, 0, 0],
          ],
        })}`;
        assert.deepEqual(serve(server, src!, mar, [body, body], servingHost(dir, true)), [[expected], [expected]]);
        // Without mctl the model fails to load, and the worker's log says what to install.
        const missing = load(server, src!, mar, [body], servingHost(dir, false));
        assert.notEqual(missing.status, 0);
        assert.match(
          missing.stderr,
          /mctl is not installed on this host[^\n]*\nhint: install mctl on the serving host: npm i -g --ignore-scripts \.\/mctl-/,
        );
      } finally {
        cleanup();
      }
    },
  );
}
