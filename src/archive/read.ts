import { MctlError } from '../errors.ts';

export interface ExtractLimits {
  maxFiles: number;
  maxTotalBytes: number;
}

export interface ExtractResult {
  manifest: unknown;
  files: string[];
}

export async function extractArchive(path: string, _destDir: string, _options: { limits?: Partial<ExtractLimits>; shown?: string } = {}): Promise<ExtractResult> {
  throw new MctlError('NOT_IMPLEMENTED', `${path}: archive extraction is not available yet`, { exit: 'INTERNAL' });
}
