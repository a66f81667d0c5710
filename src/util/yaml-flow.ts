/**
 * The `[` or `{` of a YAML flow collection that is never closed, found by a small scan of the
 * text: js-yaml reports such a file where it gives up (often "deficient indentation" at the
 * end of the file), while the mistake is the bracket, usually lines earlier.
 */
export function unclosedFlow(text: string): number | null {
  const open: { char: string; at: number }[] = [];
  let i = 0;
  // Block context: a flow collection starts only where a value starts.
  let valueStart = true;
  while (i < text.length) {
    const c = text[i]!;
    if (open.length === 0) {
      if (c === '\n') valueStart = true;
      else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) i = skipComment(text, i) - 1;
      else if (valueStart && (c === '[' || c === '{')) open.push({ char: c, at: i });
      else if (valueStart && (c === '"' || c === "'")) i = skipQuoted(text, i) - 1;
      else if (c === ':' || c === '-' || c === '?') valueStart = /\s/.test(text[i + 1] ?? ' ');
      else if (!/\s/.test(c)) valueStart = false;
      i++;
      continue;
    }
    if (c === '"' || c === "'") i = skipQuoted(text, i);
    else if (c === '#' && /\s/.test(text[i - 1]!)) i = skipComment(text, i);
    else if (c === '[' || c === '{') open.push({ char: c, at: i++ });
    else if (c === ']' || c === '}') {
      if (open[open.length - 1]!.char !== (c === ']' ? '[' : '{')) return open[open.length - 1]!.at;
      open.pop();
      valueStart = false;
      i++;
    } else i++;
  }
  return open.length > 0 ? open[open.length - 1]!.at : null;
}

/** Past a quoted scalar: '' escapes a single quote, backslash escapes in double quotes. */
function skipQuoted(text: string, start: number): number {
  const quote = text[start]!;
  for (let i = start + 1; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') i++;
    else if (text[i] === quote) {
      if (quote === "'" && text[i + 1] === "'") i++;
      else return i + 1;
    }
  }
  return text.length;
}

function skipComment(text: string, start: number): number {
  const end = text.indexOf('\n', start);
  return end === -1 ? text.length : end;
}
