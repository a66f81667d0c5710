/**
 * --expect: compare outputs with a golden file. Numbers match when
 * |actual - expected| <= tolerance * max(1, |expected|) (absolute near zero, relative for
 * large values); "NaN"/"Infinity" strings (how ONNX outputs carry them) match only
 * themselves; everything else must be equal. Differences are listed by JSON path.
 */
export interface Difference {
  path: string;
  expected: unknown;
  actual: unknown;
  message: string;
}

export function compareOutputs(actual: unknown, expected: unknown, tolerance: number, limit = 20): Difference[] {
  const out: Difference[] = [];
  walk(actual, expected, '$', tolerance, out, limit);
  return out;
}

function walk(
  actual: unknown,
  expected: unknown,
  path: string,
  tolerance: number,
  out: Difference[],
  limit: number,
): void {
  if (out.length >= limit) return;
  const add = (message: string) => out.push({ path, expected, actual, message });
  if (typeof expected === 'number' && typeof actual === 'number') {
    const delta = Math.abs(actual - expected);
    const allowed = tolerance * Math.max(1, Math.abs(expected));
    if (!(delta <= allowed)) add(`expected ${expected}, got ${actual} (|Δ| ${brief(delta)} > ${brief(allowed)})`);
    return;
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) {
      add(`expected ${expected.length} items, got ${actual.length}`);
      return;
    }
    expected.forEach((item, i) => walk(actual[i], item, `${path}[${i}]`, tolerance, out, limit));
    return;
  }
  if (isObject(expected) && isObject(actual)) {
    for (const key of Object.keys(expected)) {
      const child = `${path}${/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`}`;
      if (!(key in actual))
        out.push({ path: child, expected: expected[key], actual: undefined, message: 'missing in the output' });
      else walk(actual[key], expected[key], child, tolerance, out, limit);
      if (out.length >= limit) return;
    }
    for (const key of Object.keys(actual)) {
      if (!(key in expected) && out.length < limit)
        out.push({
          path: `${path}.${key}`,
          expected: undefined,
          actual: actual[key],
          message: 'not in the expected output',
        });
    }
    return;
  }
  if (JSON.stringify(actual) !== JSON.stringify(expected)) add(`expected ${short(expected)}, got ${short(actual)}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? 'nothing';
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function brief(value: number): string {
  return String(Number(value.toPrecision(3)));
}
