/**
 * Credentials written into URLs (`https://user:secret@host`, a token as the user name) never
 * leave mctl: not in findings, not in --json, not in a generated environment.yml or
 * Dockerfile. The user name stays so the line is still recognisable; `${VAR}` placeholders,
 * which pip and conda expand from the environment, are kept as written.
 */
const USERINFO = /([a-z][a-z0-9+.-]*:\/\/)([^/@\s'"]+)@/gi;
const PLACEHOLDER = /^\$\{[A-Za-z0-9_]+\}$/;

/** Every URL credential in a text replaced by `***`. */
export function redactCredentials(text: string): string {
  return text.replace(USERINFO, (match, scheme: string, userinfo: string) => {
    const redacted = redactUserinfo(userinfo);
    return redacted === userinfo ? match : `${scheme}${redacted}@`;
  });
}

/** True when a URL carries a password or token that is not a `${VAR}` placeholder. */
export function hasCredentials(url: string): boolean {
  return redactCredentials(url) !== url;
}

function redactUserinfo(userinfo: string): string {
  const colon = userinfo.indexOf(':');
  if (colon === -1) return isToken(userinfo) ? '***' : userinfo;
  const password = userinfo.slice(colon + 1);
  return password === '' || PLACEHOLDER.test(password) ? userinfo : `${userinfo.slice(0, colon)}:***`;
}

// A lone user name is a secret when it looks like a token (GitHub's `ghp_…@github.com`), not `git@`.
function isToken(user: string): boolean {
  return !PLACEHOLDER.test(user) && user !== 'git' && user.length >= 20;
}
