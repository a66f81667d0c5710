import type { Position } from '../source/types.ts';
import type { Finding } from '../findings/finding.ts';
import type { EnvironmentMarker } from './requirements/pep508.ts';

/**
 * The environment as declared: what conda and pip would install, where each piece is
 * written, with the findings met while reading it. Both spec forms (environment.yml and
 * requirements.txt) are read into this one shape; checks and builders only see this.
 */
export interface Declared {
  /** The name as written (`PyYAML`, `pytorch`). */
  name: string;
  /** Canonical pip identity (`pyyaml`, `torch` for conda's `pytorch`). */
  key: string;
  installer: 'conda' | 'pip';
  /** PEP 440 specifier set (conda specs converted), '' for none. */
  specifier: string;
  /** conda `a|b` alternatives, each a PEP 440 set, when there are several. */
  alternatives?: string[];
  /** The spec as written, for messages and for building. */
  text: string;
  extras: string[];
  marker?: string;
  /** The marker parsed, for evaluating it against an interpreter (--local). */
  markerTree?: EnvironmentMarker;
  url?: string;
  /** Has a version constraint, or a URL that names a version, tag or commit. */
  pinned: boolean;
  /** From a `-c` constraints file: restricts versions, installs nothing. */
  constraint: boolean;
  /** conda `channel::name` prefix. */
  channel?: string;
  file: string;
  /** Absolute path of the file it is written in. */
  path: string;
  loc: Position;
  /** Rule ids silenced on this line with `# mctl: disable=…`. */
  suppressed: string[];
}

/** A pip option line: `--index-url …`, `--find-links …`, `--trusted-host …`, `-e …` is a requirement. */
export interface PipOption {
  /** Long option name: `--index-url`. */
  name: string;
  value?: string;
  text: string;
  file: string;
  path: string;
  loc: Position;
  suppressed: string[];
}

export interface SpecFileInfo {
  path: string;
  display: string;
  /** modelarts-config: a ModelArts config.json, whose `dependencies` pip installs in order. */
  kind: 'conda' | 'requirements' | 'modelarts-config';
  /** Included by another file (`-r`, `-c`, a pip block's `-r`). */
  included: boolean;
  /** False when the file could not be read as a spec at all (encoding, HTML, YAML syntax, not a mapping). */
  readable: boolean;
}

export interface PythonPin {
  specifier: string;
  text: string;
  file: string;
  loc: Position;
}

export interface EnvSpec {
  files: SpecFileInfo[];
  name?: string;
  channels: string[];
  python?: PythonPin;
  /** True when `pip` is a conda dependency. */
  pipListed: boolean;
  /** Position of `dependencies:` in environment.yml, for findings about the list. */
  dependenciesLoc?: { file: string; loc: Position };
  conda: Declared[];
  pip: Declared[];
  pipOptions: PipOption[];
  /** conda `variables:`, copied into the built spec. */
  variables?: Record<string, string>;
  findings: Finding[];
}

export function emptySpec(): EnvSpec {
  return { files: [], channels: [], pipListed: false, conda: [], pip: [], pipOptions: [], findings: [] };
}

/** Suppressed rule ids in a trailing comment: `numpy  # mctl: disable=env-unpinned`. */
export function suppressedIn(comment: string): string[] {
  const match = /mctl:\s*disable\s*=\s*([\w\-,\s]+)/.exec(comment);
  return match
    ? match[1]!
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
}
