/**
 * Trailing YAML comments by line number, for `# mctl: disable=…` on a dependency. A `#`
 * starts a comment at the start of a line or after whitespace, outside quotes.
 */
export function lineComments(text: string): Map<number, string> {
  const out = new Map<number, string>();
  text.split(/\r\n|\r|\n/).forEach((line, index) => {
    let quote: string | null = null;
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (quote) {
        if (c === quote) quote = null;
      } else if (c === '"' || c === "'") {
        quote = c;
      } else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) {
        out.set(index + 1, line.slice(i));
        return;
      }
    }
  });
  return out;
}
