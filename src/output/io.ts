/** Where a command's output goes; main.ts builds it from the process, tests build their own. */
export interface Writer {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface Io {
  stdout: Writer;
  stderr: Writer;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function processIo(): Io {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

/** What every command gets besides its own options. */
export interface CommandContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** --json: the result is one JSON document; human logs still go to stderr. */
  json: boolean;
  debug: boolean;
  /** mctl.yaml path from --config, if given. */
  config?: string;
  stdout: Writer;
  stderr: Writer;
}

/** A command's result, rendered by main.ts: `json` for --json, `text` for people. */
export interface Outcome {
  exitCode: number;
  json: Record<string, unknown>;
  /** Human rendering for stdout; when absent, main prints nothing on success. */
  text?: string;
  /** Overrides both: exact stdout bytes (e.g. SARIF), printed in any mode. */
  raw?: string;
  /** The command already wrote its result while it ran (mctl serve's ready line): print nothing more. */
  printed?: boolean;
}
