import { cookies } from 'next/headers';
import { SESSION_COOKIE, signSession } from '../../../lib/session';
import { findUser } from '../../../lib/users';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** Signs in as one of the example users: `{ "userId": "alice" }` → a signed, httpOnly cookie. */
export async function POST(request: Request): Promise<Response> {
  if (!request.headers.get('content-type')?.startsWith('application/json')) {
    return Response.json(
      { error: { code: 'unsupported_media_type', message: 'Send JSON.' } },
      { status: 415 },
    );
  }
  if (request.headers.get('sec-fetch-site') === 'cross-site') {
    return Response.json(
      { error: { code: 'cross_site_request', message: 'Cross-site request refused.' } },
      { status: 403 },
    );
  }
  const body: unknown = await request.json().catch(() => null);
  const userId =
    typeof body === 'object' && body !== null ? (body as { userId?: unknown }).userId : undefined;
  const user = typeof userId === 'string' ? findUser(userId) : undefined;
  if (!user) {
    return Response.json(
      { error: { code: 'invalid_request', message: 'Unknown user.' } },
      { status: 400 },
    );
  }
  (await cookies()).set(SESSION_COOKIE, signSession(user.id), {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: new URL(request.url).protocol === 'https:',
    maxAge: 7 * 86_400,
  });
  return Response.json({ user: { id: user.id, name: user.name } });
}
