/**
 * The server's own numbers in Prometheus' text format (version 0.0.4): requests by route and
 * status, a latency histogram per route, failures by kind, and the workers and queue.
 * Labels are route patterns, never raw paths, so a client cannot grow the series without end.
 */
export interface Metrics {
  observe(route: string, method: string, status: number, seconds: number): void;
  failure(kind: string): void;
  restart(): void;
  /** The exposition, with gauges read at scrape time. */
  render(gauges: { workersReady: number; workers: number; queued: number; inFlight: number }): string;
}

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Upper bounds in seconds: sub-millisecond for fast models up to TorchServe's 120 s timeout. */
const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

export function createMetrics(): Metrics {
  const requests = new Map<string, number>();
  const latency = new Map<string, Histogram>();
  const failures = new Map<string, number>();
  let restarts = 0;
  return {
    observe(route, method, status, seconds) {
      const key = labels({ route, method, code: String(status) });
      requests.set(key, (requests.get(key) ?? 0) + 1);
      const hKey = labels({ route, method });
      let h = latency.get(hKey);
      if (!h) latency.set(hKey, (h = { counts: BUCKETS.map(() => 0), sum: 0, count: 0 }));
      for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]!) h.counts[i]!++;
      h.sum += seconds;
      h.count++;
    },
    failure(kind) {
      failures.set(kind, (failures.get(kind) ?? 0) + 1);
    },
    restart() {
      restarts++;
    },
    render(gauges) {
      const out: string[] = [];
      family(out, 'mctl_requests_total', 'counter', 'HTTP requests answered, by route pattern, method and status code');
      for (const [key, n] of requests) out.push(`mctl_requests_total{${key}} ${n}`);
      family(out, 'mctl_request_duration_seconds', 'histogram', 'Time from the request to the end of the response');
      for (const [key, h] of latency) {
        BUCKETS.forEach((le, i) => out.push(`mctl_request_duration_seconds_bucket{${key},le="${le}"} ${h.counts[i]}`));
        out.push(`mctl_request_duration_seconds_bucket{${key},le="+Inf"} ${h.count}`);
        out.push(`mctl_request_duration_seconds_sum{${key}} ${h.sum}`);
        out.push(`mctl_request_duration_seconds_count{${key}} ${h.count}`);
      }
      family(
        out,
        'mctl_request_failures_total',
        'counter',
        'Requests the entry failed: run (it raised), input, contract, result, crashed, timeout',
      );
      for (const [kind, n] of failures) out.push(`mctl_request_failures_total{${labels({ kind })}} ${n}`);
      family(out, 'mctl_worker_restarts_total', 'counter', 'Workers started again after a crash or a timeout');
      out.push(`mctl_worker_restarts_total ${restarts}`);
      family(out, 'mctl_workers', 'gauge', 'Worker processes, and how many have finished init');
      out.push(`mctl_workers{state="ready"} ${gauges.workersReady}`, `mctl_workers{state="all"} ${gauges.workers}`);
      family(out, 'mctl_queue_length', 'gauge', 'Requests waiting for a worker');
      out.push(`mctl_queue_length ${gauges.queued}`);
      family(out, 'mctl_requests_in_flight', 'gauge', 'Requests a worker is running now');
      out.push(`mctl_requests_in_flight ${gauges.inFlight}`);
      return `${out.join('\n')}\n`;
    },
  };
}

function family(out: string[], name: string, type: string, help: string): void {
  out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
}

function labels(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')}"`)
    .join(',');
}
