import { closeSync, openSync, readSync } from 'node:fs';

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

// Formats with a fixed prefix or shape, so a match is almost never a false positive.
const TOKENS: [RegExp, string][] = [
  [/-----BEGIN (?:(?:RSA|DSA|EC|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY(?: BLOCK)?-----/, 'private key'],
  [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/, 'AWS access key id'],
  [/aws_secret_access_key\s*[=:]\s*["']?[A-Za-z0-9/+=]{40}/i, 'AWS secret access key'],
  [/\bgh[pousr]_[A-Za-z0-9]{36,}\b/, 'GitHub token'],
  [/\bgithub_pat_[A-Za-z0-9_]{60,}\b/, 'GitHub token'],
  [/\bglpat-[A-Za-z0-9_-]{20,}\b/, 'GitLab token'],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}/, 'Slack token'],
  [/\bhf_[A-Za-z0-9]{30,}\b/, 'Hugging Face token'],
  [/\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{32,}/, 'OpenAI/Anthropic API key'],
  [/\bAIza[0-9A-Za-z_-]{35}\b/, 'Google API key'],
  [/\bnpm_[A-Za-z0-9]{36}\b/, 'npm token'],
  [/:_authToken=\S{8,}/, 'npm registry token'],
  [/\b[rs]k_live_[0-9A-Za-z]{24,}\b/, 'Stripe live key'],
  [/AccountKey=[A-Za-z0-9+/]{40,}={0,2}/, 'Azure storage account key'],
  [/"type"\s*:\s*"service_account"[\s\S]*"private_key"/, 'Google Cloud service-account key'],
];

/** Why a file is a secret by its name or path inside the archive, or null. */
export function secretByName(archivePath: string): string | null {
  const base = archivePath.slice(archivePath.lastIndexOf('/') + 1);
  if (SAFE_DOTENV.test(base)) return null;
  for (const [pattern, reason] of NAMES) if (pattern.test(base)) return reason;
  for (const [pattern, reason] of PATHS) if (pattern.test(archivePath)) return reason;
  return null;
}

/** Why a text's content looks like a credential (with the line), or null. */
export function secretInText(text: string): string | null {
  for (const [pattern, reason] of TOKENS) {
    const match = pattern.exec(text);
    if (match) return `${reason} on line ${lineOf(text, match.index)}`;
  }
  return null;
}

/**
 * Scans a small file's content. Binary files (a NUL byte in the first 8 KiB) and files over
 * SCAN_LIMIT are not scanned: weights are large and binary, and tokens live in text.
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
  if (buffer.subarray(0, 8192).includes(0)) return null;
  return secretInText(buffer.toString('latin1'));
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
