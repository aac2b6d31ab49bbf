import type { HostedPage } from '@upsell-kit/core';
import { UpsellProvider, type UpsellProviderProps } from '@upsell-kit/react';
import { useCallback, useState, useSyncExternalStore, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import type { StoryBackend } from './upsell-msw';

/**
 * The simulator's hosted checkout, opened in the story instead of leaving the page: the buttons
 * post to the same `/hosted_pages/{id}/pay|abandon` routes as the simulator's own HTML page.
 */
function StoryCheckout({ page }: { page: HostedPage }) {
  const [result, setResult] = useState<string | null>(null);
  const post = async (action: 'pay' | 'abandon') => {
    const response = await fetch(`${page.url}/${action}`, { method: 'POST' });
    setResult(
      response.ok
        ? action === 'pay'
          ? 'Payment complete.'
          : 'Checkout cancelled.'
        : `The checkout answered HTTP ${response.status}.`,
    );
  };
  return (
    <section aria-label="Chargebee checkout (simulator)" className="story-checkout">
      <h2>Chargebee checkout (simulator)</h2>
      <p>
        The app opened <code>{page.url}</code> through <code>onCheckout</code>.
      </p>
      {result ? (
        <p role="status">{result}</p>
      ) : (
        <p>
          <button type="button" onClick={() => void post('pay')}>
            Pay
          </button>{' '}
          <button type="button" onClick={() => void post('abandon')}>
            Abandon
          </button>
        </p>
      )}
    </section>
  );
}

/**
 * What reached the kit's server, as a developer would see it in the network panel: proof that the
 * story went through the real client and server, and what a prompt that renders nothing did.
 */
function RequestLog({ backend }: { backend: StoryBackend }) {
  const requests = useSyncExternalStore(backend.subscribe, backend.requests, backend.requests);
  const logs = useSyncExternalStore(backend.subscribe, backend.logs, backend.logs);
  if (requests.length === 0 && logs.length === 0) return null;
  return (
    // Not a landmark: stories look prompts up by role, and this is no part of the kit.
    <div className="story-request-log">
      <p>Requests the server received:</p>
      <ol>
        {requests.map((request, index) => (
          <li key={index}>
            <code>
              {request.method} {backend.baseUrl}
              {request.path} → {request.status ?? 'pending'}
            </code>
          </li>
        ))}
      </ol>
      {logs.length > 0 ? (
        <>
          <p>What the server logged:</p>
          <ul>
            {logs.map((entry, index) => (
              <li key={index}>
                <code>
                  {entry.level}: {entry.message}
                  {entry.detail ? ` ${JSON.stringify(entry.detail)}` : ''}
                </code>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

/** Props of {@link StoryShell}. */
export interface StoryShellProps {
  backend: StoryBackend;
  /** Extra provider props (messages, locale, callbacks). */
  provider?: Partial<UpsellProviderProps>;
  /**
   * Show the requests the server received under the story.
   * @default true
   */
  log?: boolean;
  children?: ReactNode;
}

/**
 * An `UpsellProvider` wired to the story's backend. Checkout pages open in the story (the
 * simulator's checkout) and navigations are shown instead of leaving Storybook.
 */
export function StoryShell({ backend, provider, log = true, children }: StoryShellProps) {
  const [navigation, setNavigation] = useState<string | null>(null);
  const [checkout, setCheckout] = useState<HostedPage | null>(null);
  const navigate = useCallback((url: string) => setNavigation(url), []);
  const onCheckout = useCallback((page: HostedPage) => setCheckout(page), []);
  // The browser goes only to this origin, Chargebee's pages and the hosts the app lists: here the
  // simulator's checkout host (Chargebee's pages on a custom domain, as far as the kit can tell)
  // and the url_redirect scenario's merchant page.
  const allowedRedirectHosts = [new URL(backend.upstreamOrigin).host, 'app.example.com'];
  return (
    <UpsellProvider
      baseUrl={backend.baseUrl}
      navigate={navigate}
      onCheckout={onCheckout}
      allowedRedirectHosts={allowedRedirectHosts}
      {...provider}
    >
      {children}
      {/* On the body, opened after the prompt, like Chargebee's checkout drawer: a modal's inert
          background (everything there when it opened) does not cover it. */}
      {checkout ? createPortal(<StoryCheckout page={checkout} />, document.body) : null}
      {navigation ? (
        <p className="story-navigation">
          The app would now navigate to <code>{navigation}</code>.
        </p>
      ) : null}
      {log ? <RequestLog backend={backend} /> : null}
    </UpsellProvider>
  );
}
