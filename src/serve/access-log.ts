/**
 * Log lines on stderr, gathered per event-loop turn: under load a write per request would cost
 * a system call each, and the order of lines is kept either way.
 */
export function bufferedLog(write: (text: string) => void): { line(text: string): void; flush(): void } {
  let pending: string[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending.length === 0) return;
    const text = `${pending.join('\n')}\n`;
    pending = [];
    write(text);
  };
  return {
    line(text) {
      pending.push(text);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flush,
  };
}
