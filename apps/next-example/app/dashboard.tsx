'use client';

import { UpsellBanner, UpsellProvider } from '@upsell-kit/react';
import { useId, useState } from 'react';

export interface DashboardProps {
  users: Array<{ id: string; name: string }>;
  initialUserId: string | null;
}

/** Sign-in select, a storage meter, and the offer banner. */
export function Dashboard({ users, initialUserId }: DashboardProps) {
  const [userId, setUserId] = useState(initialUserId);
  const [storage, setStorage] = useState(40);
  const [error, setError] = useState<string | null>(null);
  const userSelectId = useId();
  const storageId = useId();

  const signIn = async (id: string) => {
    setError(null);
    const response = await fetch('/api/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ userId: id }),
    });
    if (response.ok) setUserId(id);
    else setError('Could not sign in.');
  };

  return (
    <>
      <div className="controls">
        <label htmlFor={userSelectId}>Signed in as</label>
        <select
          id={userSelectId}
          value={userId ?? ''}
          onChange={(event) => void signIn(event.target.value)}
        >
          {userId === null && <option value="">Choose a user…</option>}
          {users.map((user) => (
            <option key={user.id} value={user.id}>
              {user.name}
            </option>
          ))}
        </select>
        <label htmlFor={storageId}>Storage used (%)</label>
        <input
          id={storageId}
          type="number"
          min={0}
          max={100}
          value={storage}
          onChange={(event) => {
            const value = event.target.valueAsNumber;
            if (Number.isFinite(value)) setStorage(Math.min(100, Math.max(0, value)));
          }}
        />
      </div>
      {error && <p role="alert">{error}</p>}
      <div
        className="meter"
        role="meter"
        aria-label="Storage used"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={storage}
      >
        <div className="meter-fill" style={{ width: `${storage}%` }} />
      </div>
      {userId === null ? (
        <p>Choose a user to see their offers.</p>
      ) : (
        // A new provider per user: offers are cached per signed-in identity.
        <UpsellProvider key={userId} baseUrl="/api/upsell">
          <UpsellBanner custom={{ storage_used_percent: storage }} />
        </UpsellProvider>
      )}
    </>
  );
}
