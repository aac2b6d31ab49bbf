import { cookies } from 'next/headers';
import { SESSION_COOKIE, verifySession } from '../lib/session';
import { USERS, findUser } from '../lib/users';
import { Dashboard } from './dashboard';

export const dynamic = 'force-dynamic';

/** A server component: it knows who is signed in from the verified cookie. */
export default async function Page() {
  const user = findUser(verifySession((await cookies()).get(SESSION_COOKIE)?.value));
  return (
    <main className="page">
      <h1>Storage</h1>
      <Dashboard
        users={USERS.map(({ id, name }) => ({ id, name }))}
        initialUserId={user?.id ?? null}
      />
    </main>
  );
}
