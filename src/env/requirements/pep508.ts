import { createRequire } from 'node:module';
import type { EnvironmentMarker, RequirementWithLocation } from 'pip-requirements-js';

/**
 * The only importer of pip-requirements-js (a PEP 508 grammar in ohm), loaded on first use.
 * It parses one requirement (`name[extras] specifiers ; marker` or `name @ url`); pip's
 * file layer around it (continuations, comments, options, includes) is ours, in lines.ts and
 * parse.ts, because the library does not implement it.
 */
type Lib = typeof import('pip-requirements-js');

const require = createRequire(import.meta.url);
let lib: Lib | undefined;

export interface Pep508 {
  name: string;
  extras: string[];
  /** Normalised specifier set: `>=1.2,<2` (empty when none). */
  specifier: string;
  /** Marker as written after `;`, if any. */
  marker?: string;
  markerTree?: EnvironmentMarker;
  url?: string;
}

export type Pep508Result = { ok: true; value: Pep508 } | { ok: false; message: string; offset: number };

export function parsePep508(text: string): Pep508Result {
  lib ??= require('pip-requirements-js') as Lib;
  let parsed: RequirementWithLocation | null;
  try {
    parsed = lib.parsePipRequirementsLine(text, { includeLocations: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // "Failed to parse requirements line. Line 1, col 7: expected end of input"
    const col = Number(/col (\d+)/.exec(message)?.[1] ?? 1);
    return { ok: false, message: message.replace(/^Failed to parse requirements line\.\s*Line \d+, col \d+:\s*/, ''), offset: col - 1 };
  }
  const data = parsed?.data;
  if (!data || (data.type !== 'ProjectName' && data.type !== 'ProjectURL')) return { ok: false, message: 'expected a requirement', offset: 0 };
  const value: Pep508 = { name: data.name.data, extras: (data.extras ?? []).map((e) => e.data), specifier: '' };
  if (data.type === 'ProjectName') value.specifier = (data.versionSpec ?? []).map((s) => `${s.data.operator.data}${s.data.version.data}`).join(',');
  else value.url = data.url.data;
  if (data.environmentMarkerTree) {
    const { startIdx, endIdx } = data.environmentMarkerTree.location;
    value.marker = text.slice(startIdx, endIdx).trim();
    value.markerTree = data.environmentMarkerTree.data;
  }
  return { ok: true, value };
}

export type { EnvironmentMarker };
