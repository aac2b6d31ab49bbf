'use client';
import { useQuery } from '@tanstack/react-query';
import { canAccept, createOfferMachine, sanitizeOfferHtml } from '@upsell-kit/core';
import type { UpsellError } from '@upsell-kit/core';
import type {
  CustomFields,
  Fulfillment,
  Offer,
  OfferEvent,
  OfferOption,
  OfferState,
  OfferStatus,
  OffersResponse,
  RequestContext,
} from '@upsell-kit/core';
import {
  useCallback,
  useContext,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
import type { HTMLAttributes, ButtonHTMLAttributes, Ref } from 'react';
import { unitLabel } from './internal/unit-label';
import type { UpsellMessages } from './default-messages';
import { composeEventHandlers } from './internal/compose-event-handlers';
import { composeRefs } from './internal/compose-refs';
import { OFFERS_KEY, createPromptActions } from './internal/prompt-actions';
import { UpsellContext } from './internal/upsell-context';
import { useIsClient } from './internal/use-is-client';
import { useLatest } from './internal/use-latest';
import type { UpsellErrorHandler, UpsellEvent } from './upsell-event';

/** Options of {@link useUpsellOffer}. */
export interface UseUpsellOfferOptions {
  /**
   * The usage context the play's audience rules compare against.
   * @default {}
   * @example useUpsellOffer({ custom: { storage_used_percent: 82 } })
   */
  custom?: CustomFields;
  /**
   * Request context. `locale` defaults to the provider's (else `navigator.language`), `timezone`
   * to the browser's, `url` to the page's origin and path (no query string).
   * @default {}
   * @example useUpsellOffer({ custom, context: { locale: 'de-DE' } })
   */
  context?: RequestContext;
  /**
   * `false` sends no request and shows nothing, e.g. until usage figures loaded.
   * @default true
   * @example useUpsellOffer({ custom, enabled: usage !== undefined })
   */
  enabled?: boolean;
  /**
   * How the prompt is shown, which decides when it counts as viewed: `inline` once at least half
   * of it is in the viewport while the tab is visible; `banner` and `modal` once it is rendered
   * while the tab is visible. Also decides the root's role (`region` or `dialog`).
   * @default 'banner'
   * @example useUpsellOffer({ custom, placement: 'inline' })
   */
  placement?: 'banner' | 'modal' | 'inline';
  /**
   * Analytics events of this prompt (after the provider's `onEvent`).
   * @default undefined
   * @example useUpsellOffer({ custom, onEvent: (e) => console.log(e.type) })
   */
  onEvent?: (event: UpsellEvent) => void;
  /**
   * Errors of this prompt (after the provider's `onError`).
   * @default undefined
   * @example useUpsellOffer({ custom, onError: (error) => report(error) })
   */
  onError?: UpsellErrorHandler;
  /**
   * How long to poll an in-progress fulfillment before settling for "still processing".
   * @default 30_000
   * @example useUpsellOffer({ custom, pollTimeoutMs: 60_000 })
   */
  pollTimeoutMs?: number;
}

/** Attributes and ref of an element a prop getter is spread on. */
export type UpsellElementProps<E extends HTMLElement> = HTMLAttributes<E> & { ref?: Ref<E> };
type Props<E extends HTMLElement> = UpsellElementProps<E>;
type DataState = { 'data-state': OfferStatus };

/** What {@link useUpsellOffer} returns: state, actions and prop getters. */
export interface UseUpsellOfferResult {
  /** The lifecycle state, also set as `data-state` on every part. */
  status: OfferStatus;
  /** The offer on display, or `null`. */
  offer: Offer | null;
  /** The fulfillment once an option was accepted. */
  fulfillment: Fulfillment | null;
  /** The last error (a failed fetch or accept request). */
  error: UpsellError | Error | null;
  /** The text announced in the status region for the current state ('' when there is none). */
  message: string;
  /** `true` when polling gave up while the fulfillment was still in progress. */
  stillProcessing: boolean;
  /** The messages in use (the provider's, merged over the defaults). */
  messages: UpsellMessages;
  /**
   * Accepts an option. Only acts in `ready` (a second call is a no-op) or after the accept request
   * or a status read failed (`error` with the offer on screen: trying again never creates a second
   * fulfillment). Records the view first when
   * it was not yet counted (the user saw what they accepted).
   */
  accept: (optionId: string) => Promise<void>;
  /**
   * Records the dismissal (once) and hides this offer until it expires. Only acts in `ready`.
   * Records the view first when it was not yet counted (the user saw what they closed).
   */
  dismiss: () => void;
  /** Records the display (once). Called for you when the root from `getRootProps` is shown. */
  markViewed: () => void;
  /** Fetches the offer again. */
  refetch: () => void;
  /** Props of the container: id, role (`region` or `dialog`), ARIA names, `data-state`, ref. */
  getRootProps: <E extends HTMLElement = HTMLDivElement>(props?: Props<E>) => Props<E> & DataState;
  /** Props of the title: id, heading role and the sanitized title HTML. */
  getTitleProps: <E extends HTMLElement = HTMLDivElement>(props?: Props<E>) => Props<E> & DataState;
  /** Props of the description: id and the sanitized description HTML. */
  getDescriptionProps: <E extends HTMLElement = HTMLDivElement>(
    props?: Props<E>,
  ) => Props<E> & DataState;
  /**
   * Props of an option's button: accepts on click. `aria-disabled="true"` (activation ignored,
   * focus kept) unless an option can be accepted (`ready`, or `error` after a failed request);
   * the pressed one is `aria-busy="true"` while it is accepted and fulfilled. Render the label.
   */
  getCtaProps: (
    option: OfferOption,
    props?: ButtonHTMLAttributes<HTMLButtonElement>,
  ) => ButtonHTMLAttributes<HTMLButtonElement> & DataState & { 'data-option-id': string };
  /** Props of the dismiss button: named by `messages.dismiss`, dismisses on click. */
  getDismissProps: (
    props?: ButtonHTMLAttributes<HTMLButtonElement>,
  ) => ButtonHTMLAttributes<HTMLButtonElement> & DataState;
  /** Props of the `role="status"` live region, with the current message as children. */
  getStatusProps: <E extends HTMLElement = HTMLDivElement>(
    props?: Props<E>,
  ) => Props<E> & DataState;
}

// setTimeout overflows above 2^31 - 1 ms (about 24.8 days) and would fire at once.
const MAX_TIMER = 2 ** 31 - 1;

/** Milliseconds until the offers expire (`expires_at`, Unix seconds), when they do. */
const msUntil = (expiresAt: number | null | undefined) =>
  expiresAt ? Math.max(0, expiresAt * 1000 - Date.now()) : undefined;

/** Defaults that need the browser, added when the request is sent, never while rendering. */
const withBrowserContext = (context: RequestContext): RequestContext => ({
  locale: navigator.language,
  timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  url: (location.origin + location.pathname).slice(0, 250),
  ...context,
});

/** Development only: a `custom` the server would reject with 400, with the fix. */
function warnOnInvalidCustom(custom: CustomFields) {
  for (const [key, value] of Object.entries(custom)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(key)) {
      console.warn(
        `[upsell-kit] custom key "${key}" will be rejected by the server: use letters, digits ` +
          `and "_" (not starting with a digit), at most 64 characters, e.g. "storage_used_percent".`,
      );
    } else if (
      typeof value === 'string'
        ? value.length > 255
        : !Number.isFinite(value as number) && typeof value !== 'boolean'
    ) {
      console.warn(
        `[upsell-kit] custom.${key} will be rejected by the server: values are finite numbers, ` +
          `booleans or strings of at most 255 characters.`,
      );
    }
  }
}

/**
 * The message for a code, else the default. Strings only: a code is Chargebee's free text, and
 * `constructor` or `__proto__` must not pick up Object.prototype's members (a function or an
 * object as the status text).
 */
function byCode(table: { default: string } & Record<string, string>, code: string | undefined) {
  const text: unknown = code && table[code];
  return typeof text === 'string' && text ? text : table.default;
}

function messageFor(
  { status, stillProcessing, fulfillment, error }: OfferState,
  messages: UpsellMessages,
  locale: string | undefined,
): string {
  const grant = fulfillment?.grant;
  return status === 'accepting' || status === 'fulfilling'
    ? stillProcessing
      ? messages.stillProcessing
      : messages.processing
    : status === 'completed'
      ? grant
        ? messages.grant(grant, unitLabel(messages.units, grant, locale))
        : messages.success
      : status === 'failed'
        ? byCode(messages.failure, fulfillment?.error?.code)
        : status === 'already_accepted'
          ? messages.alreadyAccepted
          : status === 'error'
            ? byCode(messages.error, (error as UpsellError | null)?.code)
            : '';
}

/**
 * The headless offer prompt: fetches the offer for a usage context (React Query, one request per
 * distinct context), runs the lifecycle (`@upsell-kit/core`'s state machine) and returns state,
 * actions and prop getters. Must be used inside {@link UpsellProvider}.
 *
 * @example
 * const upsell = useUpsellOffer({ custom: { storage_used_percent: 82 } });
 * if (!upsell.offer || upsell.status === 'dismissed') return null;
 * return (
 *   <section {...upsell.getRootProps()}>
 *     <h2 {...upsell.getTitleProps()} />
 *     <div {...upsell.getDescriptionProps()} />
 *     {upsell.offer.options.map((option) => (
 *       <button key={option.id} {...upsell.getCtaProps(option)}>{option.label}</button>
 *     ))}
 *     <button {...upsell.getDismissProps()}>×</button>
 *     <div {...upsell.getStatusProps()} />
 *   </section>
 * );
 */
export function useUpsellOffer(options: UseUpsellOfferOptions = {}): UseUpsellOfferResult {
  const ctx = useContext(UpsellContext);
  if (!ctx) {
    throw new Error(
      process.env.NODE_ENV !== 'production'
        ? 'useUpsellOffer must be used inside <UpsellProvider>. Wrap your app (or the part that ' +
            'shows offers) in <UpsellProvider>.'
        : 'No <UpsellProvider>',
    );
  }
  const { custom = {}, context, enabled = true, placement = 'banner' } = options;
  const { client, baseUrl, queryClient, registry, messages, locale } = ctx;
  const active = useIsClient() && enabled;
  const modal = placement === 'modal';

  const requestContext = useMemo<RequestContext>(
    () => (locale && !context?.locale ? { ...context, locale } : { ...context }),
    [context, locale],
  );
  const {
    data,
    error: queryError,
    isFetching,
    refetch: refetchQuery,
  } = useQuery<OffersResponse, UpsellError | Error>(
    {
      queryKey: [OFFERS_KEY, baseUrl, custom, requestContext],
      // No abort signal on purpose: React Query cancels a query whose signal was read when its
      // last observer unmounts, and StrictMode's unmount-remount would then send a second request.
      queryFn: () => {
        if (process.env.NODE_ENV !== 'production') warnOnInvalidCustom(custom);
        return client.getOffers({ custom, context: withBrowserContext(requestContext) });
      },
      enabled: active,
      // Fresh until the offer expires, then refetched (while shown) and stale (on next mount).
      staleTime: (q) => msUntil(q.state.data?.expires_at) ?? 60_000,
      // At least 30 s apart: a browser clock ahead of the server's must not hammer it.
      refetchInterval: (q) =>
        q.state.data?.expires_at
          ? Math.min(Math.max(msUntil(q.state.data.expires_at) as number, 30_000), MAX_TIMER)
          : false,
      // One retry, only when the server or the network was briefly unavailable.
      retry: (count, error) =>
        !count &&
        ['network_error', 'upstream_unavailable', 'upstream_timeout'].includes(
          (error as UpsellError).code,
        ),
    },
    queryClient,
  );

  // One machine per mounted prompt; useState keeps it across StrictMode's double render.
  const [machine] = useState(createOfferMachine);
  const state = useSyncExternalStore(machine.subscribe, machine.getSnapshot, machine.getSnapshot);
  const latest = useLatest({ ctx, options, expiresAt: data?.expires_at });
  // Created once: stable actions that read the latest props when they run.
  const [actions] = useState(() => createPromptActions(machine, latest));
  const { accept, dismiss, markViewed, report } = actions;

  // Feed the query's outcome into the lifecycle.
  useEffect(() => {
    const offer = data?.offers[0];
    const event: OfferEvent | false =
      active &&
      (offer
        ? { type: 'OFFER', offer, dismissed: registry.isDismissed(offer) }
        : data
          ? { type: 'EMPTY' }
          : queryError
            ? { type: 'FETCH_ERROR', error: queryError }
            : isFetching && { type: 'FETCH' });
    if (event) machine.send(event);
  }, [active, data, queryError, isFetching, machine, registry]);

  // Once per failure: every prompt of the query sees the same error object, on every render and
  // on StrictMode's second effect run. The prompt's `onError` hears of it once, the provider's
  // once for all prompts.
  const reportedError = useRef<unknown>(null);
  useEffect(() => {
    if (!queryError || reportedError.current === queryError) return;
    reportedError.current = queryError;
    report(queryError, registry.claimError(queryError));
  }, [queryError, report, registry]);

  // A dismissal in another prompt of the same offer hides this one too.
  useEffect(
    () =>
      registry.subscribe(() => {
        const { offer, status } = machine.getSnapshot();
        if (offer && status === 'ready' && registry.isDismissed(offer)) {
          machine.send({ type: 'OFFER', offer, dismissed: true });
        }
      }),
    [registry, machine],
  );

  // Polling outlives no prompt, and an unmounted prompt shows nothing: a later mount is a new
  // display. StrictMode's simulated remount keeps the display (`start` holds it again, unsent).
  useEffect(() => {
    actions.start();
    return actions.stop;
  }, [actions]);

  // The element shown, for the viewed rule; state so that the effects below re-run with it.
  const [root, setRoot] = useState<HTMLElement | null>(null);
  const { status, offer, viewed } = state;

  // Viewed once shown while the tab is visible; an inline prompt once half of it is in view.
  useEffect(() => {
    if (status !== 'ready' || viewed || !root) return;
    let inView = placement !== 'inline' || typeof IntersectionObserver === 'undefined';
    const check = () => {
      if (inView && document.visibilityState === 'visible') markViewed();
    };
    const observer =
      !inView &&
      new IntersectionObserver(
        (entries) => {
          const entry = entries[entries.length - 1] as IntersectionObserverEntry;
          // Half of the prompt, or half of the viewport for a prompt taller than it.
          inView =
            entry.isIntersecting &&
            (entry.intersectionRatio >= 0.5 ||
              entry.intersectionRect.height >= (entry.rootBounds?.height ?? innerHeight) / 2);
          check();
        },
        { threshold: [0, 0.25, 0.5, 0.75, 1] },
      );
    if (observer) observer.observe(root);
    document.addEventListener('visibilitychange', check);
    check();
    return () => {
      if (observer) observer.disconnect();
      document.removeEventListener('visibilitychange', check);
    };
  }, [status, viewed, root, placement, markViewed]);

  // Sanitized once per offer content, never per render (sanitizeOfferHtml memoizes per string too).
  const title = offer?.content.title;
  const description = offer?.content.description;
  const newTabLabel = messages.newTab;
  const titleHtml = useMemo(
    () => ({ __html: sanitizeOfferHtml(title as string, { newTabLabel }) }),
    [title, newTabLabel],
  );
  const descriptionHtml = useMemo(
    () => ({ __html: sanitizeOfferHtml(description as string, { newTabLabel }) }),
    [description, newTabLabel],
  );

  const id = useId();
  const message = messageFor(state, messages, locale);
  const busy = (status === 'accepting' || status === 'fulfilling') && !state.stillProcessing;
  /** Every part: its own attributes, then `data-state`, then the caller's props. */
  const part = <O, P>(own: O, props?: P): O & DataState & P => ({
    ...own,
    'data-state': status,
    ...(props as P),
  });

  return {
    status,
    offer,
    fulfillment: state.fulfillment,
    error: state.error,
    message,
    stillProcessing: state.stillProcessing,
    messages,
    accept,
    dismiss,
    markViewed,
    refetch: useCallback(() => void refetchQuery(), [refetchQuery]),
    // No aria-busy on the root: screen readers hold back a busy region's live updates, and the
    // status region inside it must announce "Processing…" at once.
    getRootProps: (props = {}) => ({
      ...part(
        {
          role: modal ? 'dialog' : 'region',
          // A dialog takes focus itself when it opens (by script only, never by Tab); a region never
          // does: focus stays where the user put it.
          tabIndex: modal ? -1 : undefined,
          'aria-labelledby': `${id}-title`,
          'aria-modal': modal || undefined,
          'aria-describedby': modal ? `${id}-description` : undefined,
        },
        props,
      ),
      ref: composeRefs(setRoot, props.ref),
    }),
    getTitleProps: (props) => ({
      ...part({ id: `${id}-title`, role: 'heading', 'aria-level': 2 }, props),
      dangerouslySetInnerHTML: titleHtml,
    }),
    getDescriptionProps: (props) => ({
      ...part({ id: `${id}-description` }, props),
      dangerouslySetInnerHTML: descriptionHtml,
    }),
    // `aria-disabled`, not `disabled`: a disabled button loses focus (to the body, or to the
    // prompt with a ring around it), and the keyboard user who pressed it would start over. The
    // pressed button keeps focus and says it is busy; activation is ignored until the outcome.
    getCtaProps: (option, props = {}) => {
      const enabled = canAccept(state);
      return part(
        {
          type: 'button',
          'aria-disabled': !enabled || undefined,
          'aria-busy': (busy && state.optionId === option.id) || undefined,
          'data-option-id': option.id,
        },
        {
          ...props,
          onClick: composeEventHandlers(props.onClick, (event) => {
            if (enabled) void accept(option.id);
            else event.preventDefault();
          }),
        },
      );
    },
    getDismissProps: (props = {}) =>
      part(
        { type: 'button', 'aria-label': messages.dismiss },
        { ...props, onClick: composeEventHandlers(props.onClick, dismiss) },
      ),
    getStatusProps: (props) =>
      part(
        {
          id: `${id}-status`,
          role: 'status',
          'aria-live': 'polite',
          'aria-atomic': true,
          children: message,
        },
        props,
      ),
  };
}
