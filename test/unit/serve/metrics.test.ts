import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMetrics } from '../../../src/serve/metrics.ts';

// The exposition format 0.0.4, line by line: comments, then `name{label="value",…} number`.
const COMMENT =
  /^# (HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*|TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|histogram|summary|untyped))$/;
const SAMPLE = /^([a-zA-Z_:][\w:]*)(\{([a-zA-Z_]\w*="(?:[^"\\\n]|\\["\\n])*",?)*\})? (-?[0-9.e+-]+|\+Inf|-Inf|NaN)$/;

function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  assert.ok(text.endsWith('\n'));
  for (const line of text.trimEnd().split('\n')) {
    if (line.startsWith('#')) {
      assert.match(line, COMMENT);
      continue;
    }
    assert.match(line, SAMPLE);
    const at = line.lastIndexOf(' ');
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

test('/metrics is Prometheus text: request counts, a latency histogram, failures, workers and queue', () => {
  const metrics = createMetrics();
  metrics.observe('/predictions/{model}', 'POST', 200, 0.0004);
  metrics.observe('/predictions/{model}', 'POST', 200, 0.02);
  metrics.observe('/predictions/{model}', 'POST', 503, 3);
  metrics.observe('/a "quoted"\\route', 'GET', 404, 0.001);
  metrics.failure('run');
  metrics.restart();
  const got = samples(metrics.render({ workersReady: 1, workers: 2, queued: 3, inFlight: 4 }));
  const p = 'route="/predictions/{model}",method="POST"';
  assert.equal(got.get(`mctl_requests_total{${p},code="200"}`), 2);
  assert.equal(got.get(`mctl_requests_total{${p},code="503"}`), 1);
  assert.equal(got.get('mctl_requests_total{route="/a \\"quoted\\"\\\\route",method="GET",code="404"}'), 1);
  // Cumulative buckets, +Inf equal to the count.
  assert.deepEqual(
    ['0.0005', '0.025', '2.5', '5', '+Inf'].map((le) =>
      got.get(`mctl_request_duration_seconds_bucket{${p},le="${le}"}`),
    ),
    [1, 2, 2, 3, 3],
  );
  assert.equal(got.get(`mctl_request_duration_seconds_count{${p}}`), 3);
  assert.equal(got.get(`mctl_request_duration_seconds_sum{${p}}`), 3.0204);
  assert.equal(got.get('mctl_request_failures_total{kind="run"}'), 1);
  assert.equal(got.get('mctl_worker_restarts_total'), 1);
  assert.deepEqual(
    [
      got.get('mctl_workers{state="ready"}'),
      got.get('mctl_workers{state="all"}'),
      got.get('mctl_queue_length'),
      got.get('mctl_requests_in_flight'),
    ],
    [1, 2, 3, 4],
  );
});
