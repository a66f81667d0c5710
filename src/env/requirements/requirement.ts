import { basename } from 'node:path';
import type { Position } from '../../source/types.ts';
import type { Finding } from '../../findings/finding.ts';
import { canonicalName } from '../names.ts';
import { isValidSpecifier } from '../pep440.ts';
import { envFinding } from '../../findings/env-rules.ts';
import type { Declared } from '../spec.ts';
import { parsePep508 } from './pep508.ts';

export interface RequirementSite {
  file: string;
  path: string;
  loc: Position;
  constraint: boolean;
  suppressed: string[];
}

const URL_START = /^(?:[a-z][a-z0-9+.-]*:\/\/|(?:git|hg|svn|bzr)\+)/i;
const NAMED_URL = /^[A-Za-z0-9][A-Za-z0-9._-]*\s*(?:\[[^\]]*\])?\s*@/;
const SINGLE_EQUALS = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*=(?![=~])\s*([^\s;,]+)/;
const ARCHIVE = /\.(?:whl|tar\.gz|tgz|tar\.bz2|tar\.xz|zip)$/i;

/**
 * One requirement of a requirements file or a pip block: a PEP 508 requirement, a URL or
 * VCS link (`git+https://…@v1#egg=name`), or a local path / archive (`./wheels/x-1.0.whl`).
 */
export function parseRequirement(
  args: string,
  site: RequirementSite,
  editable = false,
): { declared?: Declared; finding?: Finding } {
  const at = (offset: number): Position => ({ line: site.loc.line, col: site.loc.col + offset });
  const base = {
    installer: 'pip' as const,
    extras: [],
    constraint: site.constraint,
    file: site.file,
    path: site.path,
    loc: site.loc,
    suppressed: site.suppressed,
  };
  if (!NAMED_URL.test(args) && (URL_START.test(args) || looksLikePath(args))) {
    const name = nameFromLink(args);
    return {
      declared: {
        ...base,
        name: name ?? args,
        key: name ? canonicalName(name) : `url:${args}`,
        specifier: '',
        text: editable ? `-e ${args}` : args,
        url: args,
        pinned: linkIsPinned(args),
      },
    };
  }
  const single = SINGLE_EQUALS.exec(args);
  if (single) {
    return {
      finding: envFinding('env-pip-single-equals', {
        file: site.file,
        loc: site.loc,
        message: `'${args}' uses '=', which pip rejects (that is conda's syntax)`,
        hint: `write ${single[1]}${single[2] ?? ''}==${single[3]} for an exact pin (or ~=, >=)`,
      }),
    };
  }
  const parsed = parsePep508(args);
  if (!parsed.ok) {
    const condaStyle = /^[A-Za-z0-9][A-Za-z0-9._-]*\s+[0-9][^\s]*$/.test(args);
    return {
      finding: envFinding('env-requirement-syntax', {
        file: site.file,
        loc: at(parsed.offset),
        message: `'${args}' is not a valid requirement: ${parsed.message}`,
        hint: condaStyle
          ? "pip takes PEP 508 requirements such as 'numpy==1.26.4', not conda's 'name version'"
          : 'see https://pip.pypa.io/en/stable/reference/requirement-specifiers/',
      }),
    };
  }
  const { name, extras, specifier, marker, markerTree, url } = parsed.value;
  if (!isValidSpecifier(specifier)) {
    return {
      finding: envFinding('env-requirement-syntax', {
        file: site.file,
        loc: site.loc,
        message: `'${args}': '${specifier}' is not a valid PEP 440 version specifier`,
        hint: 'versions look like 1.26.4, 2.1.0rc1 or 1.26.* (only after ==, !=)',
      }),
    };
  }
  return {
    declared: {
      ...base,
      name,
      key: canonicalName(name),
      extras,
      specifier,
      text: args,
      ...(marker ? { marker } : {}),
      ...(markerTree ? { markerTree } : {}),
      ...(url ? { url } : {}),
      pinned: url ? linkIsPinned(url) : specifier !== '',
    },
  };
}

function looksLikePath(args: string): boolean {
  return /^(?:\.{1,2}(?:[/\\]|$)|[/\\~])/.test(args) || args.includes('/') || args.includes('\\') || ARCHIVE.test(args);
}

/** `#egg=name`, or the project name in a wheel or sdist file name. */
export function nameFromLink(link: string): string | undefined {
  const egg = /[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(link)?.[1];
  if (egg) return egg.replace(/-[0-9].*$/, '');
  const file = basename(link.replace(/[#?].*$/, ''));
  if (/\.whl$/i.test(file)) return file.split('-')[0];
  const sdist = /^(.+?)-\d[^-]*\.(?:tar\.gz|tgz|tar\.bz2|tar\.xz|zip)$/i.exec(file);
  return sdist?.[1];
}

/** A link names one version: an archive with a version, or VCS with `@tag` / `@commit`. */
export function linkIsPinned(link: string): boolean {
  const clean = link.replace(/#.*$/, '');
  if (/^(?:git|hg|svn|bzr)\+/i.test(clean)) {
    const path = clean.replace(/^[^:]+:\/\/[^/]*/, '');
    return /@[^/@]+$/.test(path);
  }
  if (ARCHIVE.test(clean)) return /-\d/.test(basename(clean));
  // A local directory or a project URL: whatever is there is what installs.
  return !URL_START.test(clean);
}
