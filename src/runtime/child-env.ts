/**
 * The environment user code gets under `mctl run`. By default it is mctl's own, as a script run
 * by hand would see it — secrets included (cloud keys, tokens), which a deployed script would
 * not have; the run says which secret-looking names it passes. --env-clear (or --env-keep NAME,
 * which implies it) passes only what a process needs to start and find its libraries, plus the
 * names kept.
 */
export function childEnv(env: NodeJS.ProcessEnv, options: { clear?: boolean; keep?: string[] }): NodeJS.ProcessEnv {
  const keep = options.keep ?? [];
  if (!options.clear && keep.length === 0) return { ...env };
  const out: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    const kept = BASE.has(name) || BASE_PREFIXES.some((p) => name.startsWith(p)) || keep.includes(name);
    if (value !== undefined && kept) out[name] = value;
  }
  return out;
}

/** Names that look like they hold a credential (the values are never looked at or shown). */
export function secretLookingNames(env: NodeJS.ProcessEnv): string[] {
  return Object.keys(env)
    .filter((name) => SECRET.test(name))
    .sort();
}

// Start-up, locale, temp files, and where Python, conda and CUDA find their libraries.
const BASE = new Set([
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'LANG',
  'LANGUAGE',
  'TZ',
  'TMPDIR',
  'TEMP',
  'TMP',
  'TERM',
  'LD_LIBRARY_PATH',
  'DYLD_LIBRARY_PATH',
  'VIRTUAL_ENV',
  'CONDA_PREFIX',
  'CONDA_DEFAULT_ENV',
  'SYSTEMROOT',
  'COMSPEC',
  'PATHEXT',
  'WINDIR',
]);
const BASE_PREFIXES = ['LC_', 'CUDA_', 'NVIDIA_'];

const SECRET = new RegExp(
  [
    'SECRET',
    'TOKEN',
    'PASSWORD',
    'PASSWD',
    'CREDENTIAL',
    'API_?KEY',
    'ACCESS_?KEY',
    'PRIVATE_?KEY',
    '(^|_)AUTH(_|$)',
    '_PAT$',
    '^PAT_',
    'SESSION_?KEY',
    'CONNECTION_?STRING',
  ].join('|'),
  'i',
);
