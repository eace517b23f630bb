/**
 * HTTP helpers for every suite: sign up or log in through the real forms (CSRF included) and get
 * back a supertest agent holding the session plus the `name=value` cookie for socket.io-client.
 */
import { randomBytes } from 'node:crypto';
import supertest from 'supertest';
import { eventually } from './waiting';

export type Agent = ReturnType<typeof supertest.agent>;

export type SignedIn = {
  username: string;
  password: string;
  /** `chat.sid=…`, ready for a `cookie` header (socket.io-client `extraHeaders`). */
  cookie: string;
  agent: Agent;
};

export const SESSION_COOKIE_NAME = 'chat.sid';

/** A valid, unique username: `prefix` plus a random suffix, at most 32 characters. */
export function uniqueName(prefix = 'user'): string {
  const suffix = randomBytes(6).toString('hex');
  return `${prefix.slice(0, 32 - suffix.length - 1)}_${suffix}`;
}

/** The CSRF token of a page: a form's hidden `_csrf` field or the `csrf-token` meta tag. */
export function csrfFrom(html: string): string {
  const token = /name="_csrf"[^>]*value="([^"]+)"/.exec(html)?.[1] ?? /name="csrf-token"[^>]*content="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no CSRF token in the page');
  return token;
}

/** The session cookie (`name=value`) a response set, if any. */
export function sessionCookieFrom(response: { headers: Record<string, unknown> }): string | undefined {
  const header = response.headers['set-cookie'];
  const cookies = Array.isArray(header) ? header : typeof header === 'string' ? [header] : [];
  const found = cookies.find((cookie): cookie is string => String(cookie).startsWith(`${SESSION_COOKIE_NAME}=`));
  return found?.split(';')[0];
}

/** Registers a new user (a unique name unless given) and returns them signed in. */
export async function signUp(
  baseUrl: string,
  { username = uniqueName(), password = 'correct horse battery' }: { username?: string; password?: string } = {},
): Promise<SignedIn> {
  return submitCredentials(baseUrl, '/register', username, password);
}

/** Signs an existing user in through the login form, with a fresh agent. */
export async function logIn(baseUrl: string, { username, password }: { username: string; password: string }): Promise<SignedIn> {
  return submitCredentials(baseUrl, '/login', username, password);
}

async function submitCredentials(baseUrl: string, path: string, username: string, password: string): Promise<SignedIn> {
  const agent = supertest.agent(baseUrl);
  const form = await agent.get(path);
  if (form.status !== 200) throw new Error(`GET ${path} answered ${form.status}`);
  const response = await agent
    .post(path)
    .type('form')
    .send({ username, password, _csrf: csrfFrom(form.text) });
  const cookie = sessionCookieFrom(response);
  if (response.status !== 303 || response.headers.location !== '/io' || !cookie) {
    throw new Error(`POST ${path} as ${username} answered ${response.status}: ${response.text.slice(0, 500)}`);
  }
  return { username, password, cookie, agent };
}

/**
 * Polls `${url}/healthz` (through `eventually`) while a server process starts: 'healthy' once it
 * answers 200, 'exited' as soon as the process is gone, 'timed out' after `timeoutMs`.
 */
export async function startOutcome(
  url: string,
  child: { exitCode: number | null },
  timeoutMs: number,
): Promise<'healthy' | 'exited' | 'timed out'> {
  const state = async (): Promise<'healthy' | 'exited' | 'starting'> => {
    if (child.exitCode !== null) return 'exited';
    const healthy = await fetch(`${url}/healthz`).then(
      (response) => response.status === 200,
      () => false,
    );
    return healthy ? 'healthy' : 'starting';
  };
  return eventually(state, (current) => current !== 'starting', { timeoutMs, what: `${url} to start` }).then(
    (outcome) => (outcome === 'starting' ? 'timed out' : outcome),
    () => 'timed out' as const,
  );
}
