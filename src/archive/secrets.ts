import { closeSync, openSync, readSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { decodeUnicode, detectUnicode } from '../util/unicode.ts';
import type { Candidate } from './select.ts';
import type { RefusedFile } from './types.ts';

/**
 * Files that must not ship inside a model archive: credentials recognised by name, and
 * well-known token formats in small text files. A .mar is copied to model stores, buckets and
 * containers, so a leaked key travels far; mctl refuses (exit 4) unless told otherwise.
 */
export const SCAN_LIMIT = 1024 * 1024;

const SAFE_DOTENV = /^\.env\.(example|sample|template|dist|defaults)$/i;

const NAMES: [RegExp, string][] = [
  [/^\.env(\..+)?$/i, 'dotenv file (environment secrets)'],
  [/^\.npmrc$/, 'npm configuration (may hold registry tokens)'],
  [/^\.pypirc$/, 'PyPI configuration (may hold upload tokens)'],
  [/^[._]netrc$/, 'netrc (machine passwords)'],
  [/^\.git-credentials$/, 'git credential store'],
  [/^\.pgpass$/, 'PostgreSQL password file'],
  [/^\.htpasswd$/, 'htpasswd password hashes'],
  [/^\.dockercfg$/, 'Docker registry credentials'],
  [/^id_(rsa|dsa|ecdsa|ed25519)(_sk)?$/, 'SSH private key'],
  [/\.(ppk|p12|pfx|jks|keystore)$/i, 'private key store'],
  [/^application_default_credentials\.json$/, 'Google Cloud credentials'],
  [/^(accessTokens|msal_token_cache)\.(json|bin)$/, 'Azure CLI tokens'],
  [/^kubeconfig$/, 'Kubernetes credentials'],
];

const PATHS: [RegExp, string][] = [
  [/(^|\/)\.aws\/credentials$/, 'AWS credentials file'],
  [/(^|\/)\.docker\/config\.json$/, 'Docker registry credentials'],
  [/(^|\/)\.kube\/config$/, 'Kubernetes credentials'],
  [/(^|\/)\.ssh\/[^/]+$/, 'file from an .ssh directory'],
  [/(^|\/)\.gnupg\//, 'GnuPG keyring'],
  [/(^|\/)\.azure\/[^/]+$/, 'Azure CLI profile'],
  [/(^|\/)gcloud\/(credentials\.db|access_tokens\.db|legacy_credentials\/)/, 'Google Cloud credentials'],
];

// Formats with a fixed prefix or shape, so a match is almost never a false positive. The
// third field is the shape in words, for the message (the match itself is never shown).
const TOKENS: [RegExp, string, string][] = [
  [
    /-----BEGIN (?:(?:RSA|DSA|EC|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY(?: BLOCK)?-----/,
    'private key',
    '-----BEGIN … PRIVATE KEY-----',
  ],
  [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/, 'AWS access key id', 'AKIA/ASIA + 16 capitals and digits'],
  [
    /aws_secret_access_key\s*[=:]\s*["']?[A-Za-z0-9/+=]{40}/i,
    'AWS secret access key',
    'aws_secret_access_key = 40 characters',
  ],
  [/\bgh[pousr]_[A-Za-z0-9]{36,}\b/, 'GitHub token', 'ghp_/gho_/ghu_/ghs_/ghr_ + 36 or more letters and digits'],
  [/\bgithub_pat_[A-Za-z0-9_]{60,}\b/, 'GitHub token', 'github_pat_ + 60 or more characters'],
  [/\bglpat-[A-Za-z0-9_-]{20,}\b/, 'GitLab token', 'glpat- + 20 or more characters'],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}/, 'Slack token', 'xoxb-/xoxp-/… + 10 or more characters'],
  [/\bhf_[A-Za-z0-9]{30,}\b/, 'Hugging Face token', 'hf_ + 30 or more letters and digits'],
  [/\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{32,}/, 'OpenAI/Anthropic API key', 'sk- + 32 or more characters'],
  [/\bAIza[0-9A-Za-z_-]{35}\b/, 'Google API key', 'AIza + 35 characters'],
  [/\bnpm_[A-Za-z0-9]{36}\b/, 'npm token', 'npm_ + 36 letters and digits'],
  [/:_authToken=\S{8,}/, 'npm registry token', ':_authToken= + 8 or more characters'],
  [/\b[rs]k_live_[0-9A-Za-z]{24,}\b/, 'Stripe live key', 'sk_live_/rk_live_ + 24 or more letters and digits'],
  [/AccountKey=[A-Za-z0-9+/]{40,}={0,2}/, 'Azure storage account key', 'AccountKey= + 40 or more base64 characters'],
  [
    /"type"\s*:\s*"service_account"[\s\S]*"private_key"/,
    'Google Cloud service-account key',
    '"type": "service_account" with a "private_key"',
  ],
];

/** Why a file is a secret by its name or path inside the archive, or null. */
export function secretByName(archivePath: string): string | null {
  const base = archivePath.slice(archivePath.lastIndexOf('/') + 1);
  if (SAFE_DOTENV.test(base)) return null;
  for (const [pattern, reason] of NAMES) if (pattern.test(base)) return reason;
  for (const [pattern, reason] of PATHS) if (pattern.test(archivePath)) return reason;
  return null;
}

/** Why a text's content looks like a credential: what matched, its shape, and where; or null. */
export function secretInText(text: string): string | null {
  for (const [pattern, reason, shape] of TOKENS) {
    const match = pattern.exec(text);
    if (!match) continue;
    const lineStart = text.lastIndexOf('\n', match.index - 1) + 1;
    return `${reason} (${shape}) on line ${lineOf(text, match.index)}, column ${match.index - lineStart + 1}`;
  }
  return null;
}

/**
 * Scans a small file's content, decoded first when it is UTF-16 or UTF-32 (a token saved
 * by PowerShell or Notepad is still a token). Binary files (NUL bytes that no Unicode form
 * explains) and files over SCAN_LIMIT are not scanned: weights are large and binary, and
 * tokens live in text.
 */
export function secretInFile(path: string, size: number): string | null {
  if (size === 0 || size > SCAN_LIMIT) return null;
  const buffer = Buffer.alloc(size);
  const fd = openSync(path, 'r');
  try {
    let read = 0;
    while (read < size) {
      const n = readSync(fd, buffer, read, size - read, read);
      if (n === 0) break;
      read += n;
    }
  } finally {
    closeSync(fd);
  }
  const { form } = detectUnicode(buffer);
  if (form === 'binary') return null;
  // Tokens are ASCII: latin1 keeps UTF-8 files' line breaks and positions without a strict decode.
  return secretInText(form === 'utf-8' ? buffer.toString('latin1') : decodeUnicode(buffer)!);
}

/**
 * The files an archive must not carry, each with the reason and how to pack it anyway. A
 * link is judged by its target too: `settings.ini -> ../.env` is the .env file.
 */
export function findSecrets(files: Candidate[], allowed: string[]): RefusedFile[] {
  const refused: RefusedFile[] = [];
  for (const file of files) {
    if (allowed.includes(file.archivePath) || allowed.includes(file.source) || allowed.includes(file.display)) continue;
    const reason = secretByName(file.archivePath) ?? secretBehindLink(file) ?? secretInFile(file.source, file.size);
    if (reason)
      refused.push({
        path: file.display,
        archivePath: file.archivePath,
        reason: `${reason}; to pack it anyway: --allow-secret ${file.display}`,
      });
  }
  return refused;
}

function secretBehindLink(file: Candidate): string | null {
  if (file.real === resolve(file.source)) return null;
  const reason = secretByName(file.real);
  return reason ? `a link to ${basename(file.real)} (${reason})` : null;
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
