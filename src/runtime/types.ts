import type { FlavorId } from '../flavors/types.ts';
import type { Finding } from '../findings/finding.ts';
import type { Interpreter } from '../util/python-interpreter.ts';
import type { ResolvedDevice } from './device.ts';
import type { Difference } from './expect.ts';
import type { CallStats } from './timings.ts';

/** What `mctl run` (and serve, which shares the plan) is given, and what it reports. */
export interface RunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  config?: string;
  entry?: string;
  handler?: string;
  flavor?: FlavorId;
  model?: string;
  modelDir?: string;
  archive?: string;
  input: string[];
  inputs?: string;
  inputFile: string[];
  output?: string;
  force: boolean;
  expect?: string;
  tolerance?: number;
  repeat: number;
  warmup: number;
  device?: string;
  initTimeout?: number;
  timeout?: number;
  python?: string;
  /** Give user code only a minimal environment (child-env.ts); envKeep names more to pass, and implies it. */
  envClear?: boolean;
  envKeep?: string[];
  maxInputMb: number;
  maxOutputMb: number;
  maxLogBytes: number;
  /** Where logs and notes go (stderr). */
  log: (text: string) => void;
  /** Standard input for `--input -`: at most maxBytes + 1 bytes of it (more means too large). */
  readStdin: (maxBytes: number) => Promise<Buffer>;
}

export interface RunReport {
  mode: 'onnx' | 'native' | 'python' | 'archive';
  flavor: string | null;
  flavorReason?: string;
  entry?: string;
  handler?: string;
  model?: string;
  modelDir: string;
  archive?: string;
  device: ResolvedDevice;
  python?: Interpreter;
  convention: string;
  standins: string[];
  warnings: string[];
  /** validate's errors on the entry (the run goes on; the platform may still refuse it). */
  findings: Finding[];
  results: { input: string; output: unknown }[];
  /**
   * startMs: process start; initMs: import + init (model load); per-call stats; wallMs: all
   * calls end to end, as mctl saw them.
   */
  timings: { startMs: number; initMs: number; warmup: number; repeat: number; wallMs: number } & CallStats;
  output?: string;
  expect?: { file: string; tolerance: number; passed: boolean; differences: Difference[] };
}
