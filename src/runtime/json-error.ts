/**
 * Where a JSON text first goes wrong, for messages that name line:col (V8's own message
 * gives no position for short texts). Only called after JSON.parse has failed.
 */
export function locateJsonError(text: string): { line: number; col: number; reason: string } {
  let i = 0;
  const fail = (reason: string): never => {
    throw Object.assign(new Error(reason), { offset: i });
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const value = (depth: number): void => {
    if (depth > 512) fail('nested too deeply');
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected a "quoted" key');
        string();
        ws();
        if (text[i] !== ':') fail("expected ':' after the key");
        i++;
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') return void i++;
        fail("expected ',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') return void i++;
        fail("expected ',' or ']'");
      }
    }
    if (c === '"') return string();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (literal) {
      i += literal[0].length;
      return;
    }
    fail(
      c === undefined
        ? 'unexpected end of input'
        : /^(NaN|-?Infinity)/.test(text.slice(i))
          ? 'NaN and Infinity are not JSON'
          : `unexpected ${JSON.stringify(c)}`,
    );
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') {
        i++;
        if (!'"\\/bfnrtu'.includes(text[i] ?? '')) fail('invalid escape in a string');
      } else if (text.charCodeAt(i) < 0x20) fail('a control character (e.g. a raw newline) inside a string');
      i++;
    }
    if (i >= text.length) fail('unterminated string');
    i++;
  };
  let reason = 'invalid JSON';
  try {
    value(0);
    ws();
    if (i < text.length) fail('unexpected text after the JSON value');
  } catch (error) {
    reason = (error as Error).message;
  }
  const before = text.slice(0, i);
  const line = before.split('\n').length;
  return { line, col: i - before.lastIndexOf('\n'), reason };
}
