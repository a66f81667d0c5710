import { VERSION } from '../version.ts';
import type { CallPlan } from '../flavors/types.ts';
import type { HandlerPlan } from './types.ts';

/**
 * MAR-INF/mctl.json: mctl's own record inside every archive it writes. The servers ignore
 * unknown files; `mctl inspect --verify` checks every member against it and `mctl run
 * --archive` (and the TorchServe shim) read the entry script and flavor from it. It holds no
 * time and no absolute path, so it is as reproducible as the rest of the archive.
 */
export const MCTL_FILE = 'MAR-INF/mctl.json';

export interface HashedFile {
  path: string;
  size: number;
  sha256: string;
}

export interface MctlRecord {
  mctl: string;
  schema: 1;
  /**
   * callPlan: how the flavor builds and calls the entry, as validate read it; config: what the
   * platform hands the entry as its configuration (Cortex). The shim passes both to the adapter.
   */
  entry: {
    file: string;
    flavor: string;
    function?: string;
    callPlan?: CallPlan;
    config?: Record<string, unknown>;
  } | null;
  files: HashedFile[];
}

export function buildMctlRecord(handler: HandlerPlan, files: HashedFile[]): Uint8Array {
  const record: MctlRecord = {
    mctl: VERSION,
    schema: 1,
    entry:
      handler.entryPath === null
        ? null
        : {
            file: handler.entryPath,
            flavor: handler.flavor ?? 'mms',
            ...(handler.functionName ? { function: handler.functionName } : {}),
            ...(handler.report?.callPlan ? { callPlan: handler.report.callPlan } : {}),
            ...(handler.config ? { config: handler.config } : {}),
          },
    files: files
      .map(({ path, size, sha256 }) => ({ path, size, sha256 }))
      .sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path))),
  };
  return Buffer.from(`${JSON.stringify(record, null, 2)}\n`);
}

/** The record from an archive, or the reason it cannot be used. */
export function parseMctlRecord(bytes: Uint8Array): MctlRecord | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    return { error: `not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  if (typeof value !== 'object' || value === null || !Array.isArray((value as MctlRecord).files))
    return { error: 'no files list' };
  const record = value as MctlRecord;
  for (const file of record.files) {
    if (
      typeof file?.path !== 'string' ||
      typeof file.size !== 'number' ||
      typeof file.sha256 !== 'string' ||
      !/^[0-9a-f]{64}$/.test(file.sha256)
    ) {
      return { error: `malformed file entry ${JSON.stringify(file)}` };
    }
  }
  return record;
}
