import { describe, expect, it, vi } from 'vitest';
import { UpsellError } from './errors';
import {
  canAccept,
  createOfferMachine,
  initialOfferState,
  isFinalStatus,
  transition,
} from './lifecycle';
import type { OfferEvent, OfferState } from './lifecycle';
import type { Fulfillment, Offer } from './types';

const offer: Offer = {
  id: 'vdyjO2qlLD_715653d4',
  offer_id: 'vdyjO2qlLD',
  token: 'tok',
  content: { title: '<div>Running out of storage?</div>', description: '<div>Add more.</div>' },
  options: [
    {
      id: '6cd5280e',
      label: 'Add 100 GB storage',
      processing_type: 'billing_update',
      processing_layout: 'in_app',
      redirect_url: null,
    },
  ],
};

function fulfillment(status: Fulfillment['status'], code?: string): Fulfillment {
  return {
    id: '507c340b',
    personalized_offer_id: offer.id,
    option_id: '6cd5280e',
    processing_type: 'billing_update',
    status,
    redirect_url: null,
    error: code ? { code } : null,
    grant: null,
  };
}

function run(...events: OfferEvent[]): OfferState {
  return events.reduce(transition, initialOfferState);
}

const accept: OfferEvent = { type: 'ACCEPT', optionId: '6cd5280e' };

describe('transition', () => {
  it('goes idle → loading → ready with the offer', () => {
    expect(run({ type: 'FETCH' }).status).toBe('loading');
    const ready = run({ type: 'FETCH' }, { type: 'OFFER', offer });
    expect(ready).toMatchObject({ status: 'ready', offer, viewed: false });
  });

  it('goes to empty when the customer is not eligible, and to error when the fetch fails', () => {
    expect(run({ type: 'FETCH' }, { type: 'EMPTY' }).status).toBe('empty');
    const error = new UpsellError('upstream_unavailable', 'Try later.');
    expect(run({ type: 'FETCH' }, { type: 'FETCH_ERROR', error })).toMatchObject({
      status: 'error',
      error,
    });
  });

  it('recovers from empty and error on a new fetch', () => {
    const error = new UpsellError('upstream_timeout', 'Slow.');
    expect(run({ type: 'EMPTY' }, { type: 'FETCH' }).status).toBe('loading');
    expect(run({ type: 'FETCH_ERROR', error }, { type: 'OFFER', offer }).status).toBe('ready');
  });

  it('records viewed once per display: a second VIEWED returns the same object', () => {
    const viewed = run({ type: 'OFFER', offer }, { type: 'VIEWED' });
    expect(viewed.viewed).toBe(true);
    expect(transition(viewed, { type: 'VIEWED' })).toBe(viewed);
  });

  it('keeps the viewed mark when a refetch returns the same offer, even re-personalized', () => {
    const viewed = run({ type: 'OFFER', offer }, { type: 'VIEWED' });
    const refetched = transition(viewed, { type: 'OFFER', offer: { ...offer } });
    expect(refetched.viewed).toBe(true);
    // Chargebee personalizes anew on every request: a new id and token, the same display.
    const repersonalized = { ...offer, id: `${offer.offer_id}_2`, token: 'tok.2' };
    const again = transition(viewed, { type: 'OFFER', offer: repersonalized });
    expect(again.offer).toBe(repersonalized);
    expect(again.viewed).toBe(true);
    // Another base offer is a new display.
    const other = transition(viewed, {
      type: 'OFFER',
      offer: { ...offer, id: 'o', offer_id: 'o' },
    });
    expect(other.viewed).toBe(false);
  });

  it('keeps the viewed mark when a refetch replaces the offer beside a failed request', () => {
    const error = new UpsellError('network_error', 'offline');
    const failed = run({ type: 'OFFER', offer }, { type: 'VIEWED' }, accept, {
      type: 'ACCEPT_ERROR',
      error,
    });
    const repersonalized = { ...offer, id: `${offer.offer_id}_2`, token: 'tok.2' };
    expect(transition(failed, { type: 'OFFER', offer: repersonalized })).toMatchObject({
      status: 'ready',
      offer: repersonalized,
      viewed: true,
    });
  });

  it('counts a dismissed offer shown again (another base offer) as a new display', () => {
    const dismissed = run({ type: 'OFFER', offer }, { type: 'VIEWED' }, { type: 'DISMISS' });
    const next = transition(dismissed, {
      type: 'OFFER',
      offer: { ...offer, id: 'o', offer_id: 'o' },
    });
    expect(next).toMatchObject({ status: 'ready', viewed: false });
  });

  it('ignores VIEWED outside ready', () => {
    const loading = run({ type: 'FETCH' });
    expect(transition(loading, { type: 'VIEWED' })).toBe(loading);
  });

  it('dismisses once: DISMISS from dismissed is a no-op', () => {
    const dismissed = run({ type: 'OFFER', offer }, { type: 'DISMISS' });
    expect(dismissed.status).toBe('dismissed');
    expect(transition(dismissed, { type: 'DISMISS' })).toBe(dismissed);
  });

  it('stays dismissed when a refetch returns the same offer, but shows a different base offer', () => {
    const dismissed = run({ type: 'OFFER', offer }, { type: 'DISMISS' });
    const refetch = { ...offer, id: 'vdyjO2qlLD_new' };
    expect(transition(dismissed, { type: 'OFFER', offer: refetch })).toBe(dismissed);
    const other = { ...offer, id: 'x_1', offer_id: 'x' };
    expect(transition(dismissed, { type: 'OFFER', offer: other }).status).toBe('ready');
  });

  it('can start dismissed when the offer was dismissed earlier', () => {
    expect(run({ type: 'OFFER', offer, dismissed: true }).status).toBe('dismissed');
  });

  it('accepts only from ready, so a second click is a no-op', () => {
    const accepting = run({ type: 'OFFER', offer }, accept);
    expect(accepting).toMatchObject({ status: 'accepting', optionId: '6cd5280e' });
    expect(transition(accepting, accept)).toBe(accepting);
    expect(run(accept).status).toBe('idle');
    expect(run({ type: 'FETCH' }, accept).status).toBe('loading');
  });

  it('refuses an option the offer does not have', () => {
    const ready = run({ type: 'OFFER', offer });
    expect(transition(ready, { type: 'ACCEPT', optionId: 'nope' })).toBe(ready);
  });

  it('ignores refetches while accepting and fulfilling', () => {
    const accepting = run({ type: 'OFFER', offer }, accept);
    expect(transition(accepting, { type: 'EMPTY' })).toBe(accepting);
    expect(transition(accepting, { type: 'DISMISS' })).toBe(accepting);
    const fulfilling = transition(accepting, {
      type: 'ACCEPTED',
      fulfillment: fulfillment('in_progress'),
    });
    expect(transition(fulfilling, { type: 'OFFER', offer: { ...offer, id: 'n' } })).toBe(
      fulfilling,
    );
  });

  it('settles by the fulfillment status: in_progress → fulfilling → completed', () => {
    const fulfilling = run({ type: 'OFFER', offer }, accept, {
      type: 'ACCEPTED',
      fulfillment: fulfillment('in_progress'),
      hostedPage: null,
    });
    expect(fulfilling.status).toBe('fulfilling');
    const done = transition(fulfilling, {
      type: 'FULFILLMENT_UPDATE',
      fulfillment: fulfillment('completed'),
    });
    expect(done).toMatchObject({ status: 'completed', fulfillment: { status: 'completed' } });
  });

  it('treats a fulfillment status it does not know as not final (still fulfilling)', () => {
    const fulfilling = run({ type: 'OFFER', offer }, accept, {
      type: 'ACCEPTED',
      fulfillment: fulfillment('awaiting_approval'),
      hostedPage: null,
    });
    expect(fulfilling.status).toBe('fulfilling');
    const later = transition(fulfilling, {
      type: 'FULFILLMENT_UPDATE',
      fulfillment: fulfillment('awaiting_approval'),
    });
    expect(later.status).toBe('fulfilling');
  });

  it('goes straight to completed or failed when the fulfillment is already settled', () => {
    expect(
      run({ type: 'OFFER', offer }, accept, {
        type: 'ACCEPTED',
        fulfillment: fulfillment('completed'),
        replayed: true,
      }),
    ).toMatchObject({ status: 'completed', replayed: true });
    expect(
      run({ type: 'OFFER', offer }, accept, {
        type: 'ACCEPTED',
        fulfillment: fulfillment('failed', 'billing_update_failed'),
      }),
    ).toMatchObject({
      status: 'failed',
      fulfillment: { error: { code: 'billing_update_failed' } },
    });
  });

  it('keeps the hosted page of a checkout', () => {
    const hostedPage = { id: 'hp_1', url: 'https://acme.chargebee.com/pages/v3/hp_1' };
    const state = run({ type: 'OFFER', offer }, accept, {
      type: 'ACCEPTED',
      fulfillment: fulfillment('in_progress'),
      hostedPage,
    });
    expect(state.hostedPage).toEqual(hostedPage);
  });

  it('goes to already_accepted on 409 and to error on a failed request', () => {
    expect(run({ type: 'OFFER', offer }, accept, { type: 'ALREADY_ACCEPTED' }).status).toBe(
      'already_accepted',
    );
    const error = new UpsellError('network_error', 'offline');
    expect(run({ type: 'OFFER', offer }, accept, { type: 'ACCEPT_ERROR', error })).toMatchObject({
      status: 'error',
      error,
      offer,
    });
  });

  it('lets the user try again after a failed request, never after an outcome', () => {
    const error = new UpsellError('network_error', 'offline');
    const failed = run({ type: 'OFFER', offer }, accept, { type: 'ACCEPT_ERROR', error });
    expect(canAccept(failed)).toBe(true);
    expect(transition(failed, accept)).toMatchObject({
      status: 'accepting',
      optionId: '6cd5280e',
      error: null,
      offer,
    });
    // An unknown option stays refused; a fetch error without an offer has nothing to accept.
    expect(transition(failed, { type: 'ACCEPT', optionId: 'nope' })).toBe(failed);
    const fetchFailed = run({ type: 'FETCH' }, { type: 'FETCH_ERROR', error });
    expect(canAccept(fetchFailed)).toBe(false);
    expect(transition(fetchFailed, accept)).toBe(fetchFailed);
    const accepting = run({ type: 'OFFER', offer }, accept);
    expect(canAccept(accepting)).toBe(false);
    expect(canAccept(run({ type: 'OFFER', offer }, accept, { type: 'ALREADY_ACCEPTED' }))).toBe(
      false,
    );
  });

  it('marks still processing on TIMEOUT and clears it on a later update', () => {
    const slow = run({ type: 'OFFER', offer }, accept, {
      type: 'ACCEPTED',
      fulfillment: fulfillment('in_progress'),
    });
    const timedOut = transition(slow, { type: 'TIMEOUT' });
    expect(timedOut).toMatchObject({ status: 'fulfilling', stillProcessing: true });
    expect(transition(timedOut, { type: 'TIMEOUT' })).toBe(timedOut);
    expect(
      transition(timedOut, { type: 'FULFILLMENT_UPDATE', fulfillment: fulfillment('completed') }),
    ).toMatchObject({ status: 'completed', stillProcessing: false });
  });

  it('keeps final states final', () => {
    const completed = run({ type: 'OFFER', offer }, accept, {
      type: 'ACCEPTED',
      fulfillment: fulfillment('completed'),
    });
    const failed = run({ type: 'OFFER', offer }, accept, {
      type: 'ACCEPTED',
      fulfillment: fulfillment('failed', 'internal_error'),
    });
    const already = run({ type: 'OFFER', offer }, accept, { type: 'ALREADY_ACCEPTED' });
    const every: OfferEvent[] = [
      { type: 'FETCH' },
      { type: 'OFFER', offer: { ...offer, id: 'n', offer_id: 'm' } },
      { type: 'EMPTY' },
      { type: 'FETCH_ERROR', error: new Error('x') },
      { type: 'VIEWED' },
      { type: 'DISMISS' },
      accept,
      { type: 'ACCEPTED', fulfillment: fulfillment('in_progress') },
      { type: 'FULFILLMENT_UPDATE', fulfillment: fulfillment('in_progress') },
      { type: 'ALREADY_ACCEPTED' },
      { type: 'ACCEPT_ERROR', error: new Error('x') },
      { type: 'TIMEOUT' },
    ];
    for (const state of [completed, failed, already]) {
      expect(isFinalStatus(state.status)).toBe(true);
      for (const event of every) {
        if (state === failed && event.type === 'OFFER') continue;
        expect(transition(state, event)).toBe(state);
      }
    }
    // The same personalized offer (a refetch that changed nothing) keeps `failed`.
    expect(transition(failed, { type: 'OFFER', offer })).toBe(failed);
  });

  it('shows a newly personalized offer after a failed fulfillment (another try)', () => {
    const failed = run({ type: 'OFFER', offer }, { type: 'VIEWED' }, accept, {
      type: 'ACCEPTED',
      fulfillment: fulfillment('failed', 'checkout_abandoned'),
    });
    const again = { ...offer, id: 'vdyjO2qlLD_99999999', token: 'tok2' };
    expect(transition(failed, { type: 'OFFER', offer: again })).toMatchObject({
      status: 'ready',
      offer: again,
      fulfillment: null,
      optionId: null,
      // A new display of a new personalized offer: counted again.
      viewed: false,
    });
  });
});

describe('createOfferMachine', () => {
  it('notifies subscribers only when the state changes', () => {
    const machine = createOfferMachine();
    const listener = vi.fn();
    const unsubscribe = machine.subscribe(listener);
    machine.send({ type: 'FETCH' });
    machine.send({ type: 'FETCH' });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(machine.getSnapshot().status).toBe('loading');
    unsubscribe();
    machine.send({ type: 'OFFER', offer });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(machine.getSnapshot().status).toBe('ready');
  });

  it('makes a synchronous double accept a no-op', () => {
    const machine = createOfferMachine();
    machine.send({ type: 'OFFER', offer });
    const first = machine.send(accept);
    const second = machine.send(accept);
    expect(first.status).toBe('accepting');
    expect(second).toBe(first);
  });
});

describe('transition: RESET', () => {
  it('leaves every state for idle (the prompt was disabled), and is a no-op in idle', () => {
    expect(transition(initialOfferState, { type: 'RESET' })).toBe(initialOfferState);
    const ready = run({ type: 'FETCH' }, { type: 'OFFER', offer }, { type: 'VIEWED' });
    expect(transition(ready, { type: 'RESET' })).toEqual(initialOfferState);
    const fulfilling = run({ type: 'OFFER', offer }, accept, {
      type: 'ACCEPTED',
      fulfillment: fulfillment('in_progress'),
    });
    expect(transition(fulfilling, { type: 'RESET' }).status).toBe('idle');
  });
});
