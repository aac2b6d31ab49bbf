import type {
  DemoActivityResponse,
  DemoPlan,
  DemoSessionResponse,
  DemoUserSummary,
} from '../shared/demo-api';

async function json<T>(response: Response): Promise<T> {
  if (!response.ok) throw new Error(`${response.url}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

export function getSession(): Promise<DemoSessionResponse> {
  return fetch('/demo/session', { credentials: 'same-origin' }).then(json<DemoSessionResponse>);
}

/** Asks the server to sign the browser in as a demo user (it sets an httpOnly, signed cookie). */
export function login(userId: string): Promise<{ user: DemoUserSummary }> {
  return fetch('/demo/login', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ userId }),
  }).then(json<{ user: DemoUserSummary }>);
}

export function getActivity(signal?: AbortSignal): Promise<DemoActivityResponse> {
  return fetch('/demo/activity', { credentials: 'same-origin', signal: signal ?? null }).then(
    json<DemoActivityResponse>,
  );
}

export async function resetSimulator(): Promise<void> {
  const response = await fetch('/demo/reset', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' },
    body: '{}',
  });
  if (!response.ok) throw new Error(`reset: HTTP ${response.status}`);
}

/** The signed-in user's plan (it changes when an accepted option completes). */
export function getPlan(): Promise<DemoPlan> {
  return fetch('/demo/plan', { credentials: 'same-origin' }).then(json<DemoPlan>);
}
