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
  // The grammar lacks PEP 440's arbitrary equality `===`: parse it as `== ` (same length, so
  // every offset holds) and put it back where the original text has it.
  const masked = maskArbitraryEquality(text);
  let parsed: RequirementWithLocation | null;
  try {
    parsed = lib.parsePipRequirementsLine(masked, { includeLocations: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // "Failed to parse requirements line. Line 1, col 7: expected end of input"
    const col = Number(/col (\d+)/.exec(message)?.[1] ?? 1);
    return {
      ok: false,
      message: message.replace(/^Failed to parse requirements line\.\s*Line \d+, col \d+:\s*/, ''),
      offset: col - 1,
    };
  }
  const data = parsed?.data;
  if (!data || (data.type !== 'ProjectName' && data.type !== 'ProjectURL'))
    return { ok: false, message: 'expected a requirement', offset: 0 };
  const value: Pep508 = { name: data.name.data, extras: (data.extras ?? []).map((e) => e.data), specifier: '' };
  if (data.type === 'ProjectName') {
    value.specifier = (data.versionSpec ?? [])
      .map(
        (s) =>
          `${text.startsWith('===', s.data.operator.location.startIdx) ? '===' : s.data.operator.data}` +
          `${s.data.version.data}`,
      )
      .join(',');
  } else {
    value.url = data.url.data;
  }
  if (data.environmentMarkerTree) {
    const { startIdx, endIdx } = data.environmentMarkerTree.location;
    value.marker = text.slice(startIdx, endIdx).trim();
    const tree = data.environmentMarkerTree.data;
    value.markerTree = masked === text ? tree : restoreArbitrary(tree, markerOperators(value.marker));
  }
  return { ok: true, value };
}

/** `===` outside quoted strings becomes `== `. */
function maskArbitraryEquality(text: string): string {
  return text.replace(/'[^']*'|"[^"]*"|===/g, (match) => (match === '===' ? '== ' : match));
}

/** The comparison operators of a marker in the order written (quoted strings skipped). */
function markerOperators(marker: string): string[] {
  const bare = marker.replace(/'[^']*'|"[^"]*"/g, '""');
  return [...bare.matchAll(/===|==|!=|<=|>=|~=|<|>|\bnot\s+in\b|\bin\b/g)].map((m) => m[0]);
}

/** The tree's comparisons, left to right, get back the `===` the text has at their position. */
function restoreArbitrary(tree: EnvironmentMarker, operators: string[]): EnvironmentMarker {
  let index = 0;
  const visit = (node: EnvironmentMarker): EnvironmentMarker => {
    const { left, right, operator } = node as {
      left: EnvironmentMarker | string;
      right: EnvironmentMarker | string;
      operator: string;
    };
    if (operator === 'and' || operator === 'or')
      return {
        ...node,
        left: visit(left as EnvironmentMarker),
        right: visit(right as EnvironmentMarker),
      } as EnvironmentMarker;
    return (operators[index++] === '===' ? { ...node, operator: '===' } : node) as EnvironmentMarker;
  };
  return visit(tree);
}

export type { EnvironmentMarker };
