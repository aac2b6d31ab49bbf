import type { UpsellError } from './errors';
import type { Fulfillment, HostedPage, Offer } from './types';

/**
 * Where an offer prompt is in its life. Named strings, never a pile of booleans:
 *
 * ```
 * idle → loading → ready → dismissed
 *                    └→ accepting → fulfilling → completed | failed
 *                                 └→ already_accepted | error
 * (+ empty and error from loading)
 * ```
 */
export type OfferStatus =
  | 'idle'
  | 'loading'
  | 'empty'
  | 'ready'
  | 'dismissed'
  | 'accepting'
  | 'fulfilling'
  | 'completed'
  | 'failed'
  | 'already_accepted'
  | 'error';

/**
 * The states no event leaves (see {@link transition} for the one exception of `dismissed`).
 * @example FINAL_STATUSES.includes(state.status) // the prompt's story is over
 */
export const FINAL_STATUSES: readonly OfferStatus[] = [
  'dismissed',
  'completed',
  'failed',
  'already_accepted',
];

/** A snapshot of the lifecycle. Immutable: every change produces a new object. */
export interface OfferState {
  status: OfferStatus;
  /** The offer on display (kept through accepting, fulfilling and the final states). */
  offer: Offer | null;
  /** The option being accepted, once `accept` was called. */
  optionId: string | null;
  /** The fulfillment, once the server created or replayed it. */
  fulfillment: Fulfillment | null;
  /** Chargebee's hosted page, for checkout options. */
  hostedPage: HostedPage | null;
  /** `true` when the fulfillment answer was a replay (200: accepted before, e.g. in another tab). */
  replayed: boolean;
  /** The error behind `error` (a fetch or an accept request that failed). */
  error: UpsellError | Error | null;
  /** `true` once this display of the offer was recorded as viewed. */
  viewed: boolean;
  /** `true` when polling gave up politely while the fulfillment was still in progress. */
  stillProcessing: boolean;
}

/** Everything that can happen to an offer prompt. */
export type OfferEvent =
  /** An offer request started. */
  | { type: 'FETCH' }
  /** An offer arrived. `dismissed: true` when the user already dismissed this offer earlier. */
  | { type: 'OFFER'; offer: Offer; dismissed?: boolean }
  /** The customer is not eligible: no offer. */
  | { type: 'EMPTY' }
  /** The offer request failed. */
  | { type: 'FETCH_ERROR'; error: UpsellError | Error }
  /** The prompt was actually shown to the user. */
  | { type: 'VIEWED' }
  /** The user closed the prompt. */
  | { type: 'DISMISS' }
  /** The user chose an option. */
  | { type: 'ACCEPT'; optionId: string }
  /** The server created (201) or replayed (200) the fulfillment. */
  | {
      type: 'ACCEPTED';
      fulfillment: Fulfillment;
      hostedPage?: HostedPage | null;
      replayed?: boolean;
    }
  /** A fresh read of the fulfillment (polling). */
  | { type: 'FULFILLMENT_UPDATE'; fulfillment: Fulfillment }
  /** 409: the offer was accepted elsewhere. */
  | { type: 'ALREADY_ACCEPTED' }
  /** The accept request (or a status read) failed. */
  | { type: 'ACCEPT_ERROR'; error: UpsellError | Error }
  /** Polling gave up while the fulfillment was still in progress. */
  | { type: 'TIMEOUT' }
  /** The prompt was disabled (e.g. `enabled: false`): back to `idle`, showing nothing. */
  | { type: 'RESET' };

/**
 * The state before anything happened.
 * @example transition(initialOfferState, { type: 'FETCH' }).status // 'loading'
 */
export const initialOfferState: OfferState = {
  status: 'idle',
  offer: null,
  optionId: null,
  fulfillment: null,
  hostedPage: null,
  replayed: false,
  error: null,
  viewed: false,
  stillProcessing: false,
};

/**
 * `true` for `dismissed`, `completed`, `failed` and `already_accepted`.
 * @example if (isFinalStatus(machine.getSnapshot().status)) stopPolling();
 */
export function isFinalStatus(status: OfferStatus): boolean {
  return FINAL_STATUSES.includes(status);
}

/**
 * Whether an option can be accepted now: in `ready`, or in `error` with the offer still on screen
 * (the accept request or a status read failed, e.g. offline). Trying again never creates a second
 * fulfillment: the server creates at most one per offer, and answers a repeat with the one it has
 * or, when it never learned the outcome of the first (a timeout), with `offer_already_accepted`.
 * @example <button disabled={!canAccept(state)}>
 */
export function canAccept(state: OfferState): boolean {
  return state.status === 'ready' || (state.status === 'error' && !!state.offer);
}

function showOffer(state: OfferState, offer: Offer, dismissed?: boolean): OfferState {
  // A refetch of the offer on display (ready, or an error beside it after a failed request) keeps
  // its `viewed` mark: one display, one view. Chargebee personalizes anew on every request (a new
  // personalized id and token), so "the same offer" is the same base offer.
  const sameDisplay =
    state.offer?.offer_id === offer.offer_id &&
    (state.status === 'ready' || state.status === 'error');
  return {
    ...initialOfferState,
    status: dismissed ? 'dismissed' : 'ready',
    offer,
    viewed: sameDisplay && state.viewed,
  };
}

function settle(state: OfferState, fulfillment: Fulfillment): OfferState {
  const status =
    fulfillment.status === 'completed'
      ? 'completed'
      : fulfillment.status === 'failed'
        ? 'failed'
        : 'fulfilling';
  return { ...state, status, fulfillment, error: null };
}

/**
 * The pure transition function: the next state for an event, or the same object when the event
 * does not apply (so `next === state` tells a caller nothing happened).
 *
 * Guarantees: `ACCEPT` only from `ready` (a second click is a no-op) or after a failed request
 * (see {@link canAccept}), `VIEWED` at most once per
 * display, `DISMISS` once, and final states stay final — except that `dismissed` lets a
 * *different* base offer in (the user dismissed that offer, not every future one), `failed` a
 * newly personalized offer (another try, e.g. after an abandoned checkout), and `RESET` (the
 * prompt was disabled) leaves every state for `idle`.
 *
 * @example
 * let state = initialOfferState;
 * state = transition(state, { type: 'OFFER', offer });
 * state = transition(state, { type: 'ACCEPT', optionId: offer.options[0].id }); // accepting
 */
export function transition(state: OfferState, event: OfferEvent): OfferState {
  const { status } = state;
  // Before an offer is on screen (or when fetching it failed): the fetch drives the state.
  const fetching = status === 'idle' || status === 'loading' || status === 'empty';
  switch (event.type) {
    case 'FETCH':
      // A background refetch keeps what is on screen (an offer, or an error beside one).
      return (fetching && status !== 'loading') || (status === 'error' && !state.offer)
        ? { ...initialOfferState, status: 'loading' }
        : state;
    case 'OFFER':
      return fetching ||
        status === 'error' ||
        // A new offer on display, or the same one dismissed in another prompt.
        (status === 'ready' && (event.offer !== state.offer || !!event.dismissed)) ||
        // The user dismissed that offer, not every future one: a different base offer shows.
        (status === 'dismissed' && event.offer.offer_id !== state.offer?.offer_id) ||
        // A failed fulfillment leaves the offer eligible: Chargebee personalizes it anew (a new id
        // and token) for another try; the failed one itself stays failed.
        (status === 'failed' && event.offer.id !== state.offer?.id)
        ? showOffer(state, event.offer, event.dismissed)
        : state;
    case 'EMPTY':
      return status === 'idle' || status === 'loading' || status === 'error' || status === 'ready'
        ? { ...initialOfferState, status: 'empty' }
        : state;
    case 'FETCH_ERROR':
      // A failed background refetch keeps the offer on screen (ready and later states ignore it).
      return fetching || (status === 'error' && state.error !== event.error)
        ? { ...state, status: 'error', error: event.error }
        : state;
    case 'VIEWED':
      return status === 'ready' && !state.viewed ? { ...state, viewed: true } : state;
    case 'DISMISS':
      return status === 'ready' ? { ...state, status: 'dismissed' } : state;
    case 'ACCEPT':
      return canAccept(state) && state.offer?.options.some((o) => o.id === event.optionId)
        ? { ...state, status: 'accepting', optionId: event.optionId, error: null }
        : state;
    case 'ACCEPTED':
      return status === 'accepting'
        ? settle(
            { ...state, hostedPage: event.hostedPage ?? null, replayed: event.replayed ?? false },
            event.fulfillment,
          )
        : state;
    case 'ALREADY_ACCEPTED':
      return status === 'accepting' ? { ...state, status: 'already_accepted' } : state;
    case 'ACCEPT_ERROR':
      return status === 'accepting' || status === 'fulfilling'
        ? { ...state, status: 'error', error: event.error }
        : state;
    case 'FULFILLMENT_UPDATE':
      return status === 'fulfilling' && event.fulfillment !== state.fulfillment
        ? settle({ ...state, stillProcessing: false }, event.fulfillment)
        : state;
    case 'TIMEOUT':
      return status === 'fulfilling' && !state.stillProcessing
        ? { ...state, stillProcessing: true }
        : state;
    case 'RESET':
      return status === 'idle' ? state : initialOfferState;
    default:
      return state;
  }
}

/** A tiny observable store around {@link transition}, shaped for `useSyncExternalStore`. */
export interface OfferMachine {
  /** The current state (the same object until something changes). */
  getSnapshot(): OfferState;
  /** Apply an event; returns the new state (=== the old one when the event did not apply). */
  send(event: OfferEvent): OfferState;
  /** Listen for changes; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

/**
 * Create an offer lifecycle store.
 *
 * @param initial - the starting state. @default initialOfferState
 * @example
 * const machine = createOfferMachine();
 * const unsubscribe = machine.subscribe(() => console.log(machine.getSnapshot().status));
 * machine.send({ type: 'FETCH' }); // logs "loading"
 */
export function createOfferMachine(initial: OfferState = initialOfferState): OfferMachine {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    getSnapshot: () => state,
    send(event) {
      const next = transition(state, event);
      if (next !== state) {
        state = next;
        for (const listener of [...listeners]) listener();
      }
      return state;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
