import { QueryClient, useQuery } from '@tanstack/react-query';
import { offersQueryKey } from '@upsell-kit/core';
import type { HostedPage } from '@upsell-kit/core';
import { UpsellProvider } from '@upsell-kit/react';
import { UpsellDebugPanel } from '@upsell-kit/react/debug';
import type { UpsellProviderProps } from '@upsell-kit/react';
import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import type { DemoActivityResponse, DemoSessionResponse } from '../shared/demo-api';
import { ActivityPanel } from './ActivityPanel';
import { getActivity, getPlan, getSession, login, resetSimulator } from './demo-api';
import { OfferSlot } from './OfferSlot';
import type { PromptStyle } from './OfferSlot';
import { UsageCard } from './UsageCard';
import { useDebounced } from './use-debounced';

const PROMPT_STYLES: ReadonlyArray<{ value: PromptStyle; label: string }> = [
  { value: 'banner', label: 'Banner' },
  { value: 'modal', label: 'Modal' },
  { value: 'inline', label: 'Inline callout' },
];

const MESSAGES: UpsellProviderProps['messages'] = {
  // The kit words the grant with these ("Done! 50 bonus AI credits added to your account.").
  units: { ai_credits: { one: 'bonus AI credit', other: 'bonus AI credits' } },
};

/**
 * With the embedded simulator, checkout pages live on a loopback port: open them through the demo
 * server's own origin (it serves /hosted_pages/*), in a new tab so the dashboard can be watched
 * completing the fulfillment. With real Chargebee the kit's default (full-page https) applies.
 */
function openSimulatorCheckout(page: HostedPage): void {
  const url = new URL(page.url);
  const local = `${window.location.origin}${url.pathname}`;
  const tab = window.open(local, '_blank');
  if (!tab) window.location.assign(local);
}

/** Until the server's answer: the Team plan every demo subscription starts on. */
const TEAM_PLAN = { storageGb: 500, aiCredits: 1000, seats: 20 };

function initialStyle(): PromptStyle {
  // ?style=modal lets a link (or a test) open the demo on a given prompt style.
  const style = new URLSearchParams(window.location.search).get('style');
  return style === 'modal' || style === 'inline' ? style : 'banner';
}

export function App() {
  const [session, setSession] = useState<DemoSessionResponse | null>(null);
  const [sessionError, setSessionError] = useState<string | null>(null);
  const [userId, setUserId] = useState('');
  const [storageGb, setStorageGb] = useState((40 * TEAM_PLAN.storageGb) / 100);
  // One React Query client for the app's own data (the plan) and the kit's offers.
  const [queryClient] = useState(() => new QueryClient());
  const [aiCredits, setAiCredits] = useState(30);
  const [seats, setSeats] = useState(60);
  const [style, setStyle] = useState<PromptStyle>(initialStyle);
  const [activity, setActivity] = useState<DemoActivityResponse | null>(null);
  // Bumped on a simulator reset so that the prompts (and the plan) start over.
  const [generation, setGeneration] = useState(0);
  const userSelectId = useId();
  const styleSelectId = useId();

  useEffect(() => {
    let cancelled = false;
    (async () => {
      let current = await getSession();
      if (!current.user && !current.sessionRejected) {
        // First visit: sign in as the first demo user so the page works at once.
        const first = current.users[0];
        if (first) current = { ...current, user: (await login(first.id)).user };
      }
      if (cancelled) return;
      setSession(current);
      setUserId(current.user?.id ?? '');
    })().catch((error: unknown) => {
      if (!cancelled) setSessionError(error instanceof Error ? error.message : String(error));
    });
    return () => {
      cancelled = true;
    };
  }, []);

  const refreshActivity = useCallback(
    (signal?: AbortSignal) =>
      getActivity(signal).then(setActivity, () => {
        // The panel is a nicety: keep the last read-out if one poll fails.
      }),
    [],
  );

  useEffect(() => {
    if (!session) return;
    const controller = new AbortController();
    const poll = () => {
      if (document.visibilityState === 'visible') void refreshActivity(controller.signal);
    };
    const first = setTimeout(poll, 0);
    const timer = setInterval(poll, 1000);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
      controller.abort();
    };
  }, [session, userId, refreshActivity]);

  const switchUser = async (next: string) => {
    const previous = userId;
    // Offers are the signed-in customer's: the next user starts without the last one's.
    queryClient.removeQueries({ queryKey: offersQueryKey('/api/upsell') });
    setUserId(next);
    try {
      const { user } = await login(next);
      setSession((current) => (current ? { ...current, user } : current));
    } catch (error) {
      setUserId(previous);
      setSessionError(error instanceof Error ? error.message : String(error));
    }
  };

  const reset = async () => {
    await resetSimulator();
    queryClient.removeQueries({ queryKey: offersQueryKey('/api/upsell') });
    setGeneration((n) => n + 1);
    await refreshActivity();
  };

  const user = session?.user ?? null;
  const bonusCredits = activity?.balances.ai_credits;

  // The plan, as the app's own server knows it: it changes when an accepted option completes, and
  // the provider's onCompleted below asks for it again (a new key per user and reset).
  const plan =
    useQuery(
      {
        queryKey: ['demo-plan', user?.id, generation],
        queryFn: getPlan,
        enabled: Boolean(user),
        staleTime: Infinity,
      },
      queryClient,
    ).data ?? TEAM_PLAN;
  // Storage is kept in gigabytes: when the limit grows, the same data is a smaller share of it.
  const storage = Math.min(100, Math.round((storageGb / plan.storageGb) * 100));
  const setStorage = (percent: number) => setStorageGb((percent * plan.storageGb) / 100);

  // Typing "85" asks for one offer, not one for "8" and one for "85".
  const settledStorage = useDebounced(storage, 250);
  const settledAiCredits = useDebounced(aiCredits, 250);
  const settledSeats = useDebounced(seats, 250);
  const custom = useMemo(
    () => ({
      storage_used_percent: settledStorage,
      ai_credits_used_percent: settledAiCredits,
      seats_used_percent: settledSeats,
    }),
    [settledStorage, settledAiCredits, settledSeats],
  );

  return (
    <div className="shell">
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            ☁
          </span>
          <span className="brand-name">Cloudbox</span>
          <span className="brand-tag">upsell-kit demo</span>
        </div>
        <div className="field field-inline">
          <label htmlFor={userSelectId}>Signed in as</label>
          <select
            id={userSelectId}
            value={userId}
            disabled={!session}
            onChange={(event) => void switchUser(event.target.value)}
          >
            {!session?.user && (
              <option value="" disabled>
                {session ? 'Choose a user…' : 'Loading…'}
              </option>
            )}
            {session?.users.map((option) => (
              <option key={option.id} value={option.id}>
                {option.name} ({option.company})
              </option>
            ))}
          </select>
        </div>
      </header>

      {session?.sessionRejected && !user && (
        <p role="alert" className="notice notice-error">
          Your session is not valid (its signature did not verify), so no offers are shown. Choose a
          user under “Signed in as” to sign in again.
        </p>
      )}

      {sessionError && (
        <p role="alert" className="notice notice-error">
          Could not reach the demo server: {sessionError}
        </p>
      )}

      {user ? (
        <UpsellProvider
          key={`${user.id}:${generation}`}
          baseUrl="/api/upsell"
          messages={MESSAGES}
          queryClient={queryClient}
          // After an accept, the app updates: the plan (and so the storage card) is read again.
          onCompleted={() => void queryClient.invalidateQueries({ queryKey: ['demo-plan'] })}
          {...(session?.chargebee === 'simulator' ? { onCheckout: openSimulatorCheckout } : {})}
        >
          <div className="layout">
            <main className="main">
              <div className="page-head">
                <div>
                  <h1>Workspace usage</h1>
                  <p className="muted">
                    {user.company} · Team plan · signed in as {user.name}
                  </p>
                  {session?.chargebee === 'simulator' && (
                    // The page opens at 40 % storage, below every play of the simulator's default
                    // scenario: without this line a first visitor sees no offer and no reason.
                    <p className="hint">
                      Try it: raise “Storage used (%)” to 80 or more to see an offer (“AI credits
                      used (%)” or “Seats used (%)”: 90 or more).
                    </p>
                  )}
                </div>
                <div className="field">
                  <label htmlFor={styleSelectId}>Prompt style</label>
                  <select
                    id={styleSelectId}
                    value={style}
                    onChange={(event) => setStyle(event.target.value as PromptStyle)}
                  >
                    {PROMPT_STYLES.map((option) => (
                      <option key={option.value} value={option.value}>
                        {option.label}
                      </option>
                    ))}
                  </select>
                </div>
              </div>

              {style === 'banner' && <OfferSlot style="banner" custom={custom} />}

              <section className="cards" aria-label="Usage">
                <UsageCard
                  title="Storage"
                  inputLabel="Storage used (%)"
                  percent={storage}
                  onChange={setStorage}
                  detail={`${Math.round(storageGb)} GB of ${plan.storageGb} GB`}
                />
                <UsageCard
                  title="AI credits"
                  inputLabel="AI credits used (%)"
                  percent={aiCredits}
                  onChange={setAiCredits}
                  detail={`${Math.round((plan.aiCredits * aiCredits) / 100)} of ${plan.aiCredits} credits this month`}
                  extra={
                    bonusCredits && bonusCredits !== '0' ? (
                      <p className="bonus">+{bonusCredits} bonus AI credits granted</p>
                    ) : null
                  }
                />
                <UsageCard
                  title="Seats"
                  inputLabel="Seats used (%)"
                  percent={seats}
                  onChange={setSeats}
                  detail={`${Math.round((plan.seats * seats) / 100)} of ${plan.seats} seats`}
                />
              </section>

              {style === 'inline' && <OfferSlot style="inline" custom={custom} />}
              {style === 'modal' && <OfferSlot style="modal" custom={custom} />}

              <section className="files" aria-labelledby="recent-files">
                <h2 id="recent-files">Recent files</h2>
                <ul>
                  <li>
                    <span>Q3 board deck.pdf</span>
                    <span className="muted">48 MB · today</span>
                  </li>
                  <li>
                    <span>Product launch assets.zip</span>
                    <span className="muted">2.1 GB · yesterday</span>
                  </li>
                  <li>
                    <span>Customer interviews</span>
                    <span className="muted">14 files · last week</span>
                  </li>
                </ul>
              </section>
            </main>
            <ActivityPanel
              activity={activity}
              canReset={session?.chargebee === 'simulator'}
              onReset={reset}
            />
          </div>
          {/* `pnpm --filter @upsell-kit/demo dev`: why each prompt shows or not (not in builds). */}
          {import.meta.env.DEV ? <UpsellDebugPanel className="debug-panel" /> : null}
        </UpsellProvider>
      ) : (
        !sessionError &&
        !session?.sessionRejected && (
          <p className="notice" role="status">
            Signing in…
          </p>
        )
      )}
    </div>
  );
}
