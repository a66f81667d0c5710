/* The conditions Node itself matches when it runs an entry, in priority order per object. */
const CONDITIONS = new Set(['node', 'import', 'require', 'module-sync', 'default']);

/**
 * What a `#name` specifier maps to through package.json `imports` (Node's subpath imports):
 * an exact key, else the longest `*` pattern, then the first condition Node matches.
 * Returns the target (`./src/util.ts` or a package specifier), or undefined when no key matches.
 */
export function resolveSubpathImport(specifier: string, imports: unknown): string | undefined {
  if (!isRecord(imports)) return undefined;
  if (specifier in imports && !specifier.includes('*')) return pickTarget(imports[specifier], '');
  let best: { key: string; star: string } | undefined;
  for (const key of Object.keys(imports)) {
    const star = key.indexOf('*');
    if (star === -1 || key.indexOf('*', star + 1) !== -1) continue;
    const prefix = key.slice(0, star);
    const suffix = key.slice(star + 1);
    if (specifier.length < key.length - 1 || !specifier.startsWith(prefix) || !specifier.endsWith(suffix)) continue;
    if (!best || prefix.length > best.key.indexOf('*'))
      best = { key, star: specifier.slice(prefix.length, specifier.length - suffix.length) };
  }
  return best ? pickTarget(imports[best.key], best.star) : undefined;
}

function pickTarget(target: unknown, star: string): string | undefined {
  if (typeof target === 'string') return target.replaceAll('*', star);
  if (Array.isArray(target)) {
    for (const item of target) {
      const picked = pickTarget(item, star);
      if (picked !== undefined) return picked;
    }
    return undefined;
  }
  if (!isRecord(target)) return undefined;
  for (const [condition, value] of Object.entries(target)) {
    if (!CONDITIONS.has(condition)) continue;
    const picked = pickTarget(value, star);
    if (picked !== undefined) return picked;
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
