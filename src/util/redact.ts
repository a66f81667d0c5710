/**
 * Credentials written into URLs never leave mctl: not in findings, not in --json, not in a
 * generated environment.yml or Dockerfile. Over HTTP(S) (an index, find-links, a channel,
 * git+https) any userinfo is one: pip and git send it as basic auth, and a user name alone is
 * often the token itself (`https://<token>@host`, GitHub's `<token>:x-oauth-basic`), so all of
 * it becomes `***`. Elsewhere (ssh's `git@host`) a user name is a login: only a password, or a
 * user name long enough to be a token, is redacted. `${VAR}` placeholders, which pip and conda
 * expand from the environment, are kept as written, and so is a user name beside one
 * (`__token__:${PYPI_TOKEN}`): the secret is the placeholder's. Anaconda's `/t/<token>/` path
 * segment is a credential too.
 */
const USERINFO = /([a-z][a-z0-9+.-]*:\/\/)([^/@\s'"]+)@/gi;
// Anaconda's token URLs carry the token as a path segment (`https://conda.anaconda.org/t/<token>/…`),
// the form conda's own split_anaconda_token recognises.
const ANACONDA_TOKEN = /(:\/\/[^/\s'"]+\/t\/)([A-Za-z0-9-]+)(?=\/)/gi;
const HTTP_SCHEME = /(?:^|\+)https?:\/\/$/i;
const PLACEHOLDER = /^\$\{[A-Za-z0-9_]+\}$/;

/** Every URL credential in a text replaced by `***`. */
export function redactCredentials(text: string): string {
  return text
    .replace(USERINFO, (match, scheme: string, userinfo: string) => {
      const redacted = HTTP_SCHEME.test(scheme) ? redactBasicAuth(userinfo) : redactLogin(userinfo);
      return redacted === userinfo ? match : `${scheme}${redacted}@`;
    })
    .replace(ANACONDA_TOKEN, (_match, prefix: string) => `${prefix}***`);
}

/** True when a URL carries a credential that is not a `${VAR}` placeholder. */
export function hasCredentials(url: string): boolean {
  return redactCredentials(url) !== url;
}

// The secret of `user:password` is the password; of `user` or `user:` (no password), the user name.
function redactBasicAuth(userinfo: string): string {
  const colon = userinfo.indexOf(':');
  const password = colon === -1 ? '' : userinfo.slice(colon + 1);
  const secret = password === '' ? userinfo.slice(0, colon === -1 ? undefined : colon) : password;
  return PLACEHOLDER.test(secret) ? userinfo : '***';
}

function redactLogin(userinfo: string): string {
  const colon = userinfo.indexOf(':');
  if (colon === -1) return isToken(userinfo) ? '***' : userinfo;
  const password = userinfo.slice(colon + 1);
  return password === '' || PLACEHOLDER.test(password) ? userinfo : `${userinfo.slice(0, colon)}:***`;
}

// A lone ssh user name is a secret when it looks like a token, not `git@`.
function isToken(user: string): boolean {
  return !PLACEHOLDER.test(user) && user !== 'git' && user.length >= 20;
}
