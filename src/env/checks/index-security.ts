import type { Position } from '../../source/types.ts';
import type { Finding } from '../../findings/finding.ts';
import { hasCredentials } from '../../util/redact.ts';
import { envFinding } from '../../findings/env-rules.ts';
import type { EnvSpec } from '../spec.ts';

const LOCAL_HOST = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i;

/**
 * Index options that weaken what pip or conda trust: plain http:// indexes, find-links and
 * channels (anyone on the path can swap packages), --trusted-host (turns off TLS checks),
 * and credentials written into URLs (they end up in images and logs; use ${VAR}). envFinding
 * redacts them from the messages.
 */
export function checkIndexSecurity(spec: EnvSpec): Finding[] {
  const findings: Finding[] = [];
  const urls: { url: string; what: string; file: string; loc: Position }[] = [];
  for (const option of spec.pipOptions) {
    if (option.name === '--trusted-host') {
      findings.push(
        envFinding('env-insecure-index', {
          file: option.file,
          loc: option.loc,
          message: `--trusted-host ${option.value ?? ''} turns off TLS verification for that host`,
          hint: 'serve the index over HTTPS with a valid certificate and drop --trusted-host',
        }),
      );
    }
    if (option.value && ['--index-url', '--extra-index-url', '--find-links'].includes(option.name))
      urls.push({ url: option.value, what: option.name, file: option.file, loc: option.loc });
  }
  for (const d of spec.pip) if (d.url) urls.push({ url: d.url, what: d.name, file: d.file, loc: d.loc });
  const condaFile = spec.files.find((f) => f.kind === 'conda');
  if (condaFile)
    for (const channel of spec.channels)
      urls.push({
        url: channel,
        what: 'channel',
        file: condaFile.display,
        loc: spec.dependenciesLoc?.loc ?? { line: 1, col: 1 },
      });
  for (const { url, what, file, loc } of urls) {
    const parsed = parseUrl(url);
    if (!parsed) continue;
    if (parsed.protocol === 'http:' && !LOCAL_HOST.test(parsed.hostname)) {
      findings.push(
        envFinding('env-insecure-index', {
          file,
          loc,
          message: `${what} ${url} uses plain http://: anyone on the network path can swap the packages`,
          hint: 'use https://',
        }),
      );
    }
    if (hasCredentials(url)) {
      findings.push(
        envFinding('env-index-credentials', {
          file,
          loc,
          message: `${what} ${url} has credentials written into it`,
          hint:
            'use ${VARIABLE} placeholders (pip expands them from the environment), a keyring, ' +
            'or pip.conf / .netrc outside the project; mctl writes *** in their place in what it generates',
        }),
      );
    }
  }
  return findings;
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text.replace(/^(?:git|hg|svn|bzr)\+/, ''));
  } catch {
    return undefined;
  }
}
