// Signing in: a token from the URL fragment (the dev link) or pasted, exchanged for the HttpOnly session cookie.
// The page warns before the session ends and takes a new token without reloading anything.
const WARN_BEFORE_MS = 5 * 60 * 1000;
const dialog = () => document.getElementById('signin');
let pending = null; // one sign-in at a time, however many requests were refused
let expiryTimer = null;

export async function signIn(token) {
  const response = await fetch('/api/auth/session', { method: 'POST', headers: { Authorization: `Bearer ${token}` }, credentials: 'same-origin' });
  if (!response.ok) throw new Error(response.status === 401 ? 'That token is not valid (or has expired).' : `Sign-in failed (${response.status}).`);
  return response.json();
}

/** The token's subject, read (not verified: the server does that) to name who a link signs in as. */
function subjectOf(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(payload.padEnd(payload.length + ((4 - (payload.length % 4)) % 4), '='))).sub ?? null;
  } catch {
    return null;
  }
}

export async function whoAmI() {
  const response = await fetch('/api/auth/me', { credentials: 'same-origin' });
  return response.ok ? response.json() : null;
}

/** Shows the sign-in dialog until a token works; resolves with the identity. */
export function requireSignIn(reason) {
  if (pending) return pending;
  document.getElementById('signin-reason').textContent = reason ?? '';
  dialog().showModal();
  pending = new Promise((resolve) => {
    const form = document.getElementById('signin-form');
    const submit = async (event) => {
      event.preventDefault();
      try {
        const identity = await signIn(document.getElementById('token').value.trim());
        form.removeEventListener('submit', submit);
        document.getElementById('token').value = '';
        document.getElementById('signin-error').textContent = '';
        dialog().close();
        pending = null;
        resolve(identity);
      } catch (error) {
        document.getElementById('signin-error').textContent = error.message;
      }
    };
    form.addEventListener('submit', submit);
  });
  return pending;
}

export async function ensureSignedIn() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const token = fragment.get('token');
  if (token) {
    history.replaceState(null, '', location.pathname + location.search); // never leave the token in the address bar
    // A link must not quietly make you someone else: a signed-in person is asked before another user's token replaces them.
    const current = await whoAmI();
    const other = subjectOf(token);
    if (current && other && other !== current.sub
      && !window.confirm(`You are signed in as ${current.sub}. This link signs in as ${other}. Sign in as ${other} instead?`)) {
      return current;
    }
    try { return await signIn(token); } catch (error) { document.getElementById('signin-error').textContent = error.message; }
  }

  return (await whoAmI()) ?? requireSignIn();
}

/** Warns before the session expires; "Renew" takes a new token in place. Calls onRenewed with the new identity. */
export function watchExpiry(identity, onRenewed) {
  clearTimeout(expiryTimer);
  const banner = document.getElementById('session-warning');
  banner.hidden = true;
  if (!identity?.expiresAt) return;
  const warnIn = Date.parse(identity.expiresAt) - Date.now() - WARN_BEFORE_MS;
  expiryTimer = setTimeout(() => {
    banner.hidden = false;
    banner.querySelector('span').textContent = `Your session ends at ${new Date(identity.expiresAt).toLocaleTimeString()}.`;
  }, Math.max(0, warnIn));
  banner.querySelector('button').onclick = async () => {
    const renewed = await requireSignIn('Paste a new token to stay signed in. The map keeps running.');
    watchExpiry(renewed, onRenewed);
    onRenewed(renewed);
  };
}

/**
 * fetch for the API: a 401 opens the sign-in dialog and the request is made again after; a 503 (the server is
 * starting) is retried with backoff, reported through onWaiting so the page can say so, unless the caller wants to
 * tell the user at once (an acknowledgement: the operator decides whether to try again).
 */
export async function api(path, options = {}, onWaiting = () => {}, { retryUnavailable = true } = {}) {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(path, { credentials: 'same-origin', ...options });
    if (response.status === 401) {
      await requireSignIn('Your session has ended. Sign in again to carry on.');
      continue;
    }
    if (response.status === 503 && retryUnavailable && attempt < 20) {
      const wait = Math.min(10000, 500 * 2 ** attempt);
      onWaiting(`the server is starting: retrying in ${Math.round(wait / 1000)} s`);
      await new Promise((resolve) => setTimeout(resolve, wait));
      continue;
    }
    onWaiting(null);
    return response;
  }
}
