/** What one real tool said about the spec under --resolve. */
export interface ToolResult {
  tool: 'pip' | 'conda' | 'mamba' | 'micromamba' | 'docker';
  /** ok: resolved; failed: the tool says it cannot be installed; skipped: not run, with why. */
  status: 'ok' | 'failed' | 'skipped' | 'timed-out';
  command?: string;
  /** What was checked (e.g. "the pip block only"). */
  scope?: string;
  reason?: string;
  /** pip: what it would install. */
  installs?: { name: string; version: string }[];
}
