import { relative } from 'node:path';
import type { ServeTarget } from './target.ts';
import { watchFiles } from './watch.ts';
import type { WorkerReady } from './worker.ts';

export interface ReloaderOptions {
  files: string[];
  log(text: string): void;
  describeError(error: unknown): string;
  /** Works the target out again (validate's checks included), as at start. */
  plan(): Promise<ServeTarget>;
  /** Starts workers on the new target; resolves once they serve (the old ones then retire). */
  swap(next: ServeTarget): Promise<WorkerReady>;
}

/**
 * --watch: an edit to the entry or a local module it imports reloads the workers. The target is
 * worked out again first, so a save that does not parse is reported at once and never reaches a
 * worker; a new worker that fails to load is reported and the old ones keep serving. Edits
 * during a reload are gathered into one more reload after it.
 */
export function startReloader(options: ReloaderOptions): { close(): void } {
  let running = false;
  let again: string[] = [];
  let closed = false;
  const watcher = watchFiles(options.files, (changed) => void reload(changed));

  async function reload(changed: string[]): Promise<void> {
    if (running) {
      again.push(...changed);
      return;
    }
    running = true;
    try {
      await reloadOnce(changed);
    } finally {
      running = false;
      const next = [...new Set(again)];
      again = [];
      if (next.length > 0 && !closed) void reload(next);
    }
  }

  async function reloadOnce(changed: string[]): Promise<void> {
    options.log(`mctl serve: ${changed.map((f) => relative(process.cwd(), f) || f).join(', ')} changed: reloading\n`);
    const started = performance.now();
    let next: ServeTarget;
    try {
      next = await options.plan();
    } catch (error) {
      options.log(`${options.describeError(error)}mctl serve: not reloaded; the previous version keeps serving\n`);
      return;
    }
    const broken = next.findings.filter((f) => f.ruleId === 'syntax-error');
    if (broken.length > 0) {
      for (const f of broken) options.log(`error: ${f.file}:${f.line}:${f.col} ${f.message}\n`);
      options.log('mctl serve: not reloaded; the previous version keeps serving\n');
      next.cleanup();
      return;
    }
    for (const f of next.findings) options.log(`warning: ${f.file}:${f.line}:${f.col} ${f.message} (${f.ruleId})\n`);
    if (closed) {
      next.cleanup();
      return;
    }
    watcher.update(next.watch);
    try {
      await options.swap(next);
      options.log(`mctl serve: reloaded in ${Math.round(performance.now() - started)} ms\n`);
    } catch (error) {
      next.cleanup();
      options.log(
        `${options.describeError(error)}mctl serve: the new version failed to load; ` +
          'the previous version keeps serving\n',
      );
    }
  }

  return {
    close() {
      closed = true;
      watcher.close();
    },
  };
}
