import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareOutputs } from '../../../src/runtime/expect.ts';
import { createLogSink } from '../../../src/runtime/log-sink.ts';
import { summarise } from '../../../src/runtime/timings.ts';
import { NotSerialisable, toJsonValue } from '../../../src/runtime/to-json.ts';

test('compareOutputs: relative/absolute tolerance, paths, missing and extra keys', () => {
  assert.deepEqual(compareOutputs({ a: [1, 2.0000001] }, { a: [1, 2] }, 1e-6), []);
  assert.deepEqual(compareOutputs({ big: 1_000_001 }, { big: 1_000_000 }, 1e-5), [], 'relative for large values');
  const diffs = compareOutputs({ a: [1, 3], b: 'x', extra: 1 }, { a: [1, 2], b: 'y', c: null }, 1e-6);
  assert.deepEqual(
    diffs.map((d) => `${d.path} ${d.message}`),
    [
      '$.a[1] expected 2, got 3 (|Δ| 1 > 0.000002)',
      '$.b expected "y", got "x"',
      '$.c missing in the output',
      '$.extra not in the expected output',
    ],
  );
  assert.equal(compareOutputs({ v: 'NaN' }, { v: 'NaN' }, 0).length, 0);
  assert.equal(compareOutputs([1, 2], [1], 0)[0]!.message, 'expected 1 items, got 2');
  assert.equal(compareOutputs(Array(50).fill(1), Array(50).fill(0), 0).length, 20, 'capped');
});

test('summarise: nearest-rank percentiles', () => {
  const stats = summarise(Array.from({ length: 100 }, (_, i) => i + 1));
  assert.deepEqual([stats.calls, stats.p50Ms, stats.p95Ms, stats.maxMs, stats.meanMs], [100, 50, 95, 100, 50.5]);
  assert.equal(summarise([]).calls, 0);
});

test('toJsonValue: typed arrays, safe BigInts, toJSON; refuses NaN, Maps, cycles, big BigInts with a path', () => {
  assert.deepEqual(toJsonValue({ a: new Float64Array([0.5]), b: 7n, d: new Date(0), u: undefined, n: null }), {
    a: [0.5],
    b: 7,
    d: '1970-01-01T00:00:00.000Z',
    n: null,
  });
  const path = (value: unknown) => {
    try {
      toJsonValue(value);
    } catch (e) {
      assert.ok(e instanceof NotSerialisable);
      return e.path;
    }
    return assert.fail('no error');
  };
  assert.equal(path({ scores: [1, NaN] }), '$.scores[1]');
  assert.equal(path({ 'a-b': new Map() }), '$["a-b"]');
  assert.equal(path({ big: 2n ** 64n }), '$.big');
  assert.equal(path({ f: () => 1 }), '$.f');
  const cycle: Record<string, unknown> = {};
  cycle.self = cycle;
  assert.equal(path(cycle), '$.self');
  const shared = { v: 1 };
  assert.deepEqual(toJsonValue([shared, shared]), [{ v: 1 }, { v: 1 }], 'a shared object is not a cycle');
});

test('log sink: prefixed lines, partial lines joined across chunks, a cap with a note', () => {
  let out = '';
  const sink = createLogSink(
    (t) => {
      out += t;
    },
    { maxBytes: 40, prefix: '| ' },
  );
  sink.write('stdout', Buffer.from('hel'));
  sink.write('stdout', Buffer.from('lo\nwor'));
  sink.write('stderr', Buffer.from('err line\n'));
  sink.write('stdout', Buffer.from('ld\n' + 'x'.repeat(100) + '\n'));
  sink.flush();
  assert.equal(
    out,
    '| hello\n| err line\n| world\n' +
      '| … 101 more bytes of output not shown (the cap is 40 bytes; see --max-log-bytes)\n',
  );
});
