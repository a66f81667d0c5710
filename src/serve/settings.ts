import type { ServeDefaults } from '../config/load.ts';
import { MctlError } from '../errors.ts';
import type { ServeContract } from '../flavors/types.ts';
import type { ModelConfig } from './model-config.ts';

/** The flags of `mctl serve` that have a mctl.yaml `serve:` counterpart (same names), and --host. */
export interface ServeFlags extends ServeDefaults {
  host?: string;
}

export interface ServeSettings {
  host: string;
  port: number;
  /** Set where the platform has a management API (TorchServe). */
  managementPort?: number;
  workers: number;
  batchSize: number;
  maxBatchDelayMs: number;
  timeoutMs: number;
  initTimeoutMs: number;
  maxRequestBytes: number;
  protocol: string;
  watch: boolean;
  /** Where the timeout came from, for the banner: `--timeout`, `SCORING_TIMEOUT_MS`, … */
  timeoutFrom: string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);
// TorchServe's defaults: max_batch_delay 100 ms, max_request_size 6553500 bytes.
const DEFAULT_BATCH_DELAY_MS = 100;
const TORCHSERVE_MAX_REQUEST = 6_553_500;
const DEFAULT_MAX_REQUEST_MB = 64;
const DEFAULT_INIT_TIMEOUT_S = 300;

/**
 * Each setting from the flag, else mctl.yaml `serve:`, else the archive's model-config.yaml,
 * else the platform's own default (the timeout also from the platform's environment variable,
 * Azure ML's SCORING_TIMEOUT_MS).
 */
export function resolveSettings(
  flags: ServeFlags,
  yaml: ServeDefaults,
  model: ModelConfig | undefined,
  contract: ServeContract,
  env: NodeJS.ProcessEnv,
): ServeSettings {
  const protocol = flags.protocol ?? yaml.protocol ?? 'default';
  if (protocol !== 'default' && !contract.protocols.includes(protocol)) {
    throw new MctlError('SERVE_PROTOCOL', `--protocol ${protocol}: this platform's server does not speak it`, {
      exit: 'USAGE',
      hint:
        contract.protocols.length > 0
          ? `use one of: default, ${contract.protocols.join(', ')}`
          : 'this flavor serves its own protocol only; leave --protocol out',
    });
  }
  const port = flags.port ?? yaml.port ?? contract.port;
  const timeout = resolveTimeout(flags, yaml, model, contract, env);
  const batchSize = flags.batchSize ?? yaml.batchSize ?? model?.batchSize ?? 1;
  if (batchSize > 1 && !contract.batching) {
    throw new MctlError(
      'SERVE_BATCHING',
      `--batch-size ${batchSize}: this platform calls the script once per request`,
      {
        exit: 'USAGE',
        hint: "batching is TorchServe's (flavor mms); leave --batch-size out",
      },
    );
  }
  return {
    host: flags.host ?? '127.0.0.1',
    port,
    ...(contract.managementPort !== undefined
      ? { managementPort: flags.managementPort ?? yaml.managementPort ?? (port === 0 ? 0 : contract.managementPort) }
      : {}),
    workers: flags.workers ?? yaml.workers ?? model?.minWorkers ?? 1,
    batchSize,
    maxBatchDelayMs: flags.maxBatchDelay ?? yaml.maxBatchDelay ?? model?.maxBatchDelay ?? DEFAULT_BATCH_DELAY_MS,
    timeoutMs: timeout.ms,
    timeoutFrom: timeout.from,
    initTimeoutMs: (flags.initTimeout ?? yaml.initTimeout ?? DEFAULT_INIT_TIMEOUT_S) * 1000,
    maxRequestBytes:
      Math.floor((flags.maxRequestMb ?? yaml.maxRequestMb ?? 0) * 2 ** 20) ||
      (contract.managementPort !== undefined ? TORCHSERVE_MAX_REQUEST : DEFAULT_MAX_REQUEST_MB * 2 ** 20),
    protocol,
    watch: flags.watch ?? yaml.watch ?? false,
  };
}

/** Whether binding here exposes the server beyond this machine (then mctl warns). */
export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || host.startsWith('127.');
}

function resolveTimeout(
  flags: ServeFlags,
  yaml: ServeDefaults,
  model: ModelConfig | undefined,
  contract: ServeContract,
  env: NodeJS.ProcessEnv,
): { ms: number; from: string } {
  if (flags.timeout !== undefined) return { ms: flags.timeout * 1000, from: '--timeout' };
  if (yaml.timeout !== undefined) return { ms: yaml.timeout * 1000, from: 'mctl.yaml serve.timeout' };
  if (model?.responseTimeout !== undefined)
    return { ms: model.responseTimeout * 1000, from: `${model.file} responseTimeout` };
  const variable = contract.timeout.env;
  const raw = variable ? env[variable.name] : undefined;
  if (variable && raw !== undefined && raw !== '') {
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) {
      throw new MctlError('SERVE_TIMEOUT_ENV', `${variable.name}=${raw} is not a positive number`, {
        exit: 'USAGE',
        hint: `set ${variable.name} in ${variable.unit === 'ms' ? 'milliseconds' : 'seconds'}, or pass --timeout`,
      });
    }
    return { ms: variable.unit === 'ms' ? value : value * 1000, from: variable.name };
  }
  return { ms: contract.timeout.seconds * 1000, from: "the platform's default" };
}
