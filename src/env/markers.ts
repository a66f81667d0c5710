import type { EnvironmentMarker } from './requirements/pep508.ts';
import { isValidVersion, satisfies } from './pep440.ts';

/** PEP 508 marker variables as an interpreter reports them (the --local probe sends these). */
export type MarkerEnvironment = Record<string, string>;

const VERSION_VARIABLES = new Set([
  'python_version',
  'python_full_version',
  'implementation_version',
  'platform_release',
]);

/**
 * Evaluates a parsed PEP 508 marker against one interpreter's environment, as pip does:
 * version variables compare as PEP 440 versions when both sides are versions, everything
 * else as strings; `in` / `not in` are substring tests. `extra` is false outside an extra.
 */
export function evaluateMarker(marker: EnvironmentMarker, env: MarkerEnvironment): boolean {
  if ('left' in marker && (marker.operator === 'and' || marker.operator === 'or')) {
    const node = marker as { operator: 'and' | 'or'; left: EnvironmentMarker; right: EnvironmentMarker };
    return node.operator === 'and'
      ? evaluateMarker(node.left, env) && evaluateMarker(node.right, env)
      : evaluateMarker(node.left, env) || evaluateMarker(node.right, env);
  }
  const leaf = marker as { left: string; operator: string; right: string };
  const value = (side: string) => (/^['"]/.test(side) ? side.slice(1, -1) : side === 'extra' ? '' : (env[side] ?? ''));
  const left = value(leaf.left);
  const right = value(leaf.right);
  const op = leaf.operator.replace(/\s+/g, ' ');
  if (op === 'in') return right.includes(left);
  if (op === 'not in') return !right.includes(left);
  const versions =
    (VERSION_VARIABLES.has(leaf.left) || VERSION_VARIABLES.has(leaf.right)) &&
    isValidVersion(left) &&
    isValidVersion(right);
  if (versions) return satisfies(left, `${op}${right}`);
  switch (op) {
    case '==':
    case '===':
      return left === right;
    case '!=':
      return left !== right;
    case '<':
      return left < right;
    case '<=':
      return left <= right;
    case '>':
      return left > right;
    case '>=':
      return left >= right;
    default:
      return false;
  }
}
