import type { PythonVersion } from './version.ts';

/**
 * Top-level standard library modules, from CPython 3.11's sys.stdlib_module_names (public
 * names only), adjusted per release with the removals and additions in each "What's New".
 * Used to warn about scripts that shadow a stdlib module and by `env check` to classify imports.
 */
const PY311 = `
abc aifc antigravity argparse array ast asynchat asyncio asyncore atexit audioop base64 bdb
binascii bisect builtins bz2 cProfile calendar cgi cgitb chunk cmath cmd code codecs codeop
collections colorsys compileall concurrent configparser contextlib contextvars copy copyreg
crypt csv ctypes curses dataclasses datetime dbm decimal difflib dis distutils doctest email
encodings ensurepip enum errno faulthandler fcntl filecmp fileinput fnmatch fractions ftplib
functools gc genericpath getopt getpass gettext glob graphlib grp gzip hashlib heapq hmac html
http idlelib imaplib imghdr imp importlib inspect io ipaddress itertools json keyword lib2to3
linecache locale logging lzma mailbox mailcap marshal math mimetypes mmap modulefinder msilib
msvcrt multiprocessing netrc nis nntplib nt ntpath nturl2path numbers opcode operator optparse
os ossaudiodev pathlib pdb pickle pickletools pipes pkgutil platform plistlib poplib posix
posixpath pprint profile pstats pty pwd py_compile pyclbr pydoc pydoc_data pyexpat queue quopri
random re readline reprlib resource rlcompleter runpy sched secrets select selectors shelve
shlex shutil signal site smtpd smtplib sndhdr socket socketserver spwd sqlite3 sre_compile
sre_constants sre_parse ssl stat statistics string stringprep struct subprocess sunau symtable
sys sysconfig syslog tabnanny tarfile telnetlib tempfile termios textwrap this threading time
timeit tkinter token tokenize tomllib trace traceback tracemalloc tty turtle turtledemo types
typing unicodedata unittest urllib uu uuid venv warnings wave weakref webbrowser winreg winsound
wsgiref xdrlib xml xmlrpc zipapp zipfile zipimport zlib zoneinfo
`
  .trim()
  .split(/\s+/);

const ADDED: Record<string, number> = { zoneinfo: 9, graphlib: 9, tomllib: 11, annotationlib: 14, compression: 14 };
const REMOVED: Record<string, number> = {
  formatter: 10,
  parser: 10,
  symbol: 10,
  binhex: 11,
  dummy_threading: 9,
  asynchat: 12,
  asyncore: 12,
  distutils: 12,
  imp: 12,
  smtpd: 12,
  aifc: 13,
  audioop: 13,
  cgi: 13,
  cgitb: 13,
  chunk: 13,
  crypt: 13,
  imghdr: 13,
  mailcap: 13,
  msilib: 13,
  nis: 13,
  nntplib: 13,
  ossaudiodev: 13,
  pipes: 13,
  sndhdr: 13,
  spwd: 13,
  sunau: 13,
  telnetlib: 13,
  uu: 13,
  xdrlib: 13,
  lib2to3: 13,
};

const cache = new Map<number, Set<string>>();

export function stdlibModules(version: PythonVersion): Set<string> {
  let names = cache.get(version.minor);
  if (!names) {
    names = new Set(['__future__', ...PY311, ...Object.keys(REMOVED)]);
    for (const [name, minor] of Object.entries(ADDED))
      if (version.minor < minor) names.delete(name);
      else names.add(name);
    for (const [name, minor] of Object.entries(REMOVED)) if (version.minor >= minor) names.delete(name);
    cache.set(version.minor, names);
  }
  return names;
}

export function isStdlibModule(module: string, version: PythonVersion): boolean {
  return stdlibModules(version).has(module.split('.')[0]!);
}

/** When a top-level stdlib module appeared or went away (minor versions of 3.x), if it did. */
export function stdlibChange(module: string): { added?: number; removed?: number } | undefined {
  const name = module.split('.')[0]!;
  const added = ADDED[name];
  const removed = REMOVED[name];
  if (added === undefined && removed === undefined) return undefined;
  return { ...(added !== undefined ? { added } : {}), ...(removed !== undefined ? { removed } : {}) };
}
