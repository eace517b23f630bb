/**
 * Users for the load, made through the real HTTP flow: GET the form, read the hidden `_csrf` and
 * the session cookie, POST the form, keep the new session cookie from the 303.
 */
import { LOGIN_BUSY_MESSAGE } from '../../src/http/login-routes';
import { SESSION_COOKIE } from '../../src/http/session';

export type BenchUser = { username: string; password: string; cookie?: string };

export const BENCH_PASSWORD = 'correct horse battery staple';

function sessionCookie(headers: Headers): string | undefined {
  return headers
    .getSetCookie()
    .find((cookie) => cookie.startsWith(`${SESSION_COOKIE}=`))
    ?.split(';')[0];
}

async function submitForm(baseUrl: string, route: '/register' | '/login', username: string, password: string): Promise<string> {
  const form = await fetch(`${baseUrl}${route}`);
  const html = await form.text();
  const csrf = /name="_csrf"[^>]*value="([^"]+)"/.exec(html)?.[1];
  const formCookie = sessionCookie(form.headers);
  if (form.status !== 200 || !csrf || !formCookie) throw new Error(`GET ${route} answered ${form.status} without a token`);
  const response = await fetch(`${baseUrl}${route}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: formCookie },
    body: new URLSearchParams({ username, password, _csrf: csrf }).toString(),
  });
  const page = await response.text();
  const cookie = sessionCookie(response.headers);
  if (response.status !== 303 || !cookie) {
    // A sign-in refused because password hashing is at capacity says so on its page.
    const busy = response.status === 503 && page.includes(LOGIN_BUSY_MESSAGE) ? ' (hashing at capacity)' : '';
    throw new Error(`POST ${route} as ${username} answered ${response.status}${busy}`);
  }
  return cookie;
}

export const signUp = (baseUrl: string, username: string, password = BENCH_PASSWORD) =>
  submitForm(baseUrl, '/register', username, password);

export const logIn = (baseUrl: string, username: string, password = BENCH_PASSWORD) =>
  submitForm(baseUrl, '/login', username, password);

/** `prefix_0001`…: valid usernames (3–32 of letters, digits, `_`). */
export function benchNames(prefix: string, count: number, from = 0): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}_${String(from + i).padStart(5, '0')}`);
}

/** The server refuses sign-ups with 503 while password hashing is at capacity: set-up waits and tries again. */
async function retryWhileBusy<T>(attempt: () => Promise<T>, tries = 20): Promise<T> {
  for (let left = tries; ; left--) {
    try {
      return await attempt();
    } catch (error) {
      if (left <= 1 || !String(error).includes('answered 503')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/** Signs every name up, `concurrency` at a time; returns them with their session cookies. */
export async function signUpAll(baseUrl: string, names: readonly string[], concurrency = 8): Promise<BenchUser[]> {
  const users: BenchUser[] = names.map((username) => ({ username, password: BENCH_PASSWORD }));
  let next = 0;
  const lane = async () => {
    while (next < users.length) {
      const user = users[next++];
      if (user) user.cookie = await retryWhileBusy(() => signUp(baseUrl, user.username, user.password));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return users;
}
