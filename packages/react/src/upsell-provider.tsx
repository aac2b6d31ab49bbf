'use client';
import { QueryClient, QueryClientContext } from '@tanstack/react-query';
import { createOfferRegistry, createUpsellClient, syncDismissals } from '@upsell-kit/core';
import type {
  Fulfillment,
  HostedPage,
  Offer,
  ProcessingLayout,
  UpsellClient,
} from '@upsell-kit/core';
import { useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import type { UpsellPromptArbiter } from './arbiter/upsell-prompt-arbiter';
import { defaultMessages } from './default-messages';
import type { UpsellMessages } from './default-messages';
import { UpsellContext } from './internal/upsell-context';
import type { ProviderCallbacks, UpsellContextValue } from './internal/upsell-context';
import { useLatest } from './internal/use-latest';
import type { UpsellClientEvent } from './upsell-client-event';
import type { UpsellErrorHandler } from './upsell-error-handler';
import type { UpsellMessagesInput } from './upsell-messages-input';

/** Props of {@link UpsellProvider}. */
export interface UpsellProviderProps {
  /**
   * Where the app mounted `@upsell-kit/server`. Ignored when `client` is given (offers are then
   * cached per client).
   * @default '/api/upsell'
   * @example <UpsellProvider baseUrl="/internal/upsell">
   */
  baseUrl?: string;
  /**
   * A client of your own, e.g. with extra headers.
   * @default createUpsellClient({ baseUrl })
   * @example <UpsellProvider client={createUpsellClient({ headers: { 'x-csrf': token } })}>
   */
  client?: UpsellClient;
  /**
   * The React Query client to cache offers in. Without it the kit uses the app's own (from a
   * `QueryClientProvider` above) or, failing that, a private one.
   * @default the surrounding QueryClient, else a private one
   * @example <UpsellProvider queryClient={queryClient}>
   */
  queryClient?: QueryClient;
  /**
   * Overrides for the built-in strings (i18n); `failure` and `error` merge per code.
   * @default defaultMessages
   * @example <UpsellProvider messages={{ dismiss: 'Fermer' }}>
   */
  messages?: UpsellMessagesInput;
  /**
   * The user's locale, sent with every offer request (`context.locale`).
   * @default navigator.language (read when the request is sent)
   * @example <UpsellProvider locale="de-DE">
   */
  locale?: string;
  /**
   * Analytics hook: viewed, dismissed, accepted, completed, failed, already_accepted, with ids.
   * @default undefined
   * @example <UpsellProvider onEvent={(e) => analytics.track(`upsell_${e.type}`, e)}>
   */
  onEvent?: (event: UpsellClientEvent) => void;
  /**
   * Called with every error (fetch, events, accept, polling), once per failure: a failed offers
   * fetch is reported once, however many prompts share it.
   * @default undefined
   * @example <UpsellProvider onError={(error) => Sentry.captureException(error)}>
   */
  onError?: UpsellErrorHandler;
  /**
   * Opens Chargebee's hosted checkout page yourself instead of the default full-page navigation.
   * The kit then polls the fulfillment until it settles. It receives the whole hosted page (as
   * Chargebee.js's `openCheckout` takes it) and the option's `processing_layout`: `in_app` means
   * Chargebee.js's modal, `full_page` (or `null`) a navigation. Called only with a page on this
   * origin, an `https:` host under `chargebee.com` or a host of `allowedRedirectHosts`; any other
   * is refused, shown in the prompt and reported to `onError`.
   * @default undefined (full-page navigation to `hostedPage.url`)
   * @example
   * <UpsellProvider
   *   onCheckout={(page, offer, layout) =>
   *     layout === 'in_app'
   *       ? Chargebee.getInstance().openCheckout({ hostedPage: () => Promise.resolve(page) })
   *       : window.location.assign(page.url)
   *   }
   * >
   */
  onCheckout?: (hostedPage: HostedPage, offer: Offer, layout: ProcessingLayout | null) => void;
  /**
   * How to leave the page for a checkout or a redirect, e.g. your router's push. Only ever called
   * with a URL of this origin, a Chargebee hosted page (checkouts) or a host of
   * `allowedRedirectHosts`. Read when it is called, so an inline function is fine.
   * @default (url) => window.location.assign(url)
   * @example <UpsellProvider navigate={(url) => router.push(url)}>
   */
  navigate?: (url: string) => void;
  /**
   * Hosts, beyond this page's origin, that checkouts and redirects may go to: where your
   * `url_redirect` options and `billing_update` redirects point, or a custom domain of Chargebee's
   * hosted pages. Exact hosts (`billing.example.com`: compared case-insensitively, Unicode as
   * punycode, a port only when it is not 443) or `*.example.com` for any subdomain (not
   * `example.com` itself). `https:` only. Checkout pages under `chargebee.com` need no entry;
   * anything else is refused, shown in the prompt ("The checkout could not be opened from this
   * page.") and reported to `onError`. Give the server's handler the same list.
   * @default [] (this origin; and `*.chargebee.com` for checkout pages)
   * @example <UpsellProvider allowedRedirectHosts={['billing.example.com', '*.example-cdn.com']}>
   */
  allowedRedirectHosts?: readonly string[];
  /**
   * A fulfillment completed: refresh what the accept changed in your app — invalidate your own
   * queries, re-read entitlements or usage. Called once per completed fulfillment, after the kit
   * invalidated its own offers (a new plan may mean new offers); the prompt shows its success
   * meanwhile. Read when it is called, so an inline function is fine. With React Query, share
   * the app's `queryClient` and invalidate there.
   * @default undefined
   * @example
   * <UpsellProvider
   *   queryClient={queryClient}
   *   onCompleted={() => queryClient.invalidateQueries({ queryKey: ['entitlements'] })}
   * >
   */
  onCompleted?: (fulfillment: Fulfillment, offer: Offer) => void;
  /**
   * Makes the prompts below take turns (one voice for the page): at most one modal open at a
   * time, no other prompt appearing while it is, `maxVisible` banners and callouts at once, the
   * waiting ones in `priority` order as each closes. A waiting prompt renders nothing, sends no
   * `viewed` and takes no focus. Read once, on the provider's first render (its prompts' hooks
   * depend on it): create it once, outside the component or in state. Opt-in: without it none of
   * the arbitration code, rules or binding, is in the app's bundle.
   * @default undefined (every prompt shows when it has an offer)
   * @example
   * import { createPromptArbiter } from '@upsell-kit/react/arbitration';
   * const arbiter = createPromptArbiter({ maxVisible: 1 });
   * <UpsellProvider arbiter={arbiter}>
   */
  arbiter?: UpsellPromptArbiter;
  /**
   * The part of the app that shows offers.
   * @default undefined
   * @example <UpsellProvider><App /></UpsellProvider>
   */
  children?: ReactNode;
}

/** A query-key scope per client given: two clients share no cache, whatever `baseUrl` says. */
const scopes = new WeakMap<UpsellClient, string>();
let lastScope = 0;
const scopeOf = (client: UpsellClient) => {
  let scope = scopes.get(client);
  if (!scope) scopes.set(client, (scope = `client:${++lastScope}`));
  return scope;
};

/**
 * Provides the client, the query cache, messages and callbacks to every upsell prompt below it.
 *
 * @example
 * <UpsellProvider onEvent={(e) => analytics.track(e.type, e)}>
 *   <UpsellBanner custom={{ storage_used_percent: 82 }} />
 * </UpsellProvider>
 */
export function UpsellProvider(props: UpsellProviderProps) {
  const { baseUrl = '/api/upsell', client, queryClient, messages, locale, children } = props;
  // Fixed for the provider's life: every prompt below calls its binding hook, or none.
  const [arbiter] = useState(props.arbiter);
  const surrounding = useContext(QueryClientContext);
  const [privateQueryClient] = useState(() => new QueryClient());
  const [registry] = useState(createOfferRegistry);
  const resolvedQueryClient = queryClient ?? surrounding ?? privateQueryClient;

  // A QueryClientProvider mounts its client (focus and online refetching); ours does it here,
  // without wrapping the app's tree in a provider that would shadow the app's own client.
  useEffect(() => {
    if (resolvedQueryClient !== privateQueryClient) return;
    privateQueryClient.mount();
    return () => privateQueryClient.unmount();
  }, [resolvedQueryClient, privateQueryClient]);

  const resolvedClient = useMemo(
    () => client ?? createUpsellClient({ baseUrl }),
    [client, baseUrl],
  );
  // By content: an inline `messages={{ … }}` is a new object every render, and a new context would
  // re-render every prompt below. The strings go through JSON (which leaves `grant` out: that
  // function compares by identity).
  const text = JSON.stringify(messages);
  const grant = messages?.grant;
  const resolvedMessages = useMemo<UpsellMessages>(() => {
    const given = (text && JSON.parse(text)) as UpsellMessagesInput | undefined;
    return {
      ...defaultMessages,
      ...given,
      failure: { ...defaultMessages.failure, ...given?.failure },
      error: { ...defaultMessages.error, ...given?.error },
      units: { ...defaultMessages.units, ...given?.units },
      grant: grant ?? defaultMessages.grant,
    };
  }, [text, grant]);

  // Read when called, through a ref: inline callbacks (a new `onEvent` every render) must not
  // change the context, or every prompt below would re-render with the provider.
  const callbacks = useLatest<ProviderCallbacks>(props);
  // The `baseUrl` is ignored with a client of the app's own: the client is the cache's scope.
  const scope = client ? scopeOf(client) : baseUrl;
  // A dismissal in one tab hides the prompt in the customer's other open tabs, at once.
  useEffect(() => syncDismissals(registry, `upsell-kit:${scope}`), [registry, scope]);
  const value = useMemo<UpsellContextValue>(
    () => ({
      client: resolvedClient,
      scope,
      queryClient: resolvedQueryClient,
      messages: resolvedMessages,
      locale,
      registry,
      callbacks,
      arbiter,
    }),
    [
      resolvedClient,
      scope,
      resolvedQueryClient,
      resolvedMessages,
      locale,
      registry,
      callbacks,
      arbiter,
    ],
  );

  return <UpsellContext.Provider value={value}>{children}</UpsellContext.Provider>;
}
