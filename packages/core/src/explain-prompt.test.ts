import { describe, expect, it } from 'vitest';
import { UpsellError } from './errors';
import { explainPrompt } from './explain-prompt';
import type { PromptFacts } from './explain-prompt';
import { initialOfferState, transition } from './lifecycle';
import type { OfferState } from './lifecycle';
import type { Offer, OffersResponse } from './types';

// Each reason from the state that causes it. The lifecycle states come from `transition` (the
// events a controller sends), the answers and errors are the contract's, as a server with
// `debug: true` sends them (packages/server/src/handler/offers-debug.test.ts causes those there).

const offer: Offer = {
  id: 'p_1',
  offer_id: 'storage',
  token: 'tok',
  content: { title: 'Running out of storage?', description: '' },
  options: [{ id: 'o', label: 'Add 100 GB', processing_type: 'billing_update' }],
};
const NOW = 1_800_000_000_000;
const answer = (over: Partial<OffersResponse> = {}): OffersResponse => ({
  offers: [offer],
  expires_at: NOW / 1000 + 600,
  brand: null,
  ...over,
});
const run = (...events: Parameters<typeof transition>[1][]): OfferState =>
  events.reduce(transition, initialOfferState);
const ready = run({ type: 'FETCH' }, { type: 'OFFER', offer });
const failed = (error: UpsellError | Error) =>
  run({ type: 'FETCH' }, { type: 'FETCH_ERROR', error });
const facts = (over: Partial<PromptFacts>): PromptFacts => ({
  enabled: true,
  state: ready,
  data: answer(),
  now: NOW,
  ...over,
});
const unavailable = (reason?: 'shed' | 'paused' | 'upstream') =>
  new UpsellError('upstream_unavailable', 'Unavailable.', reason ? { debug: { reason } } : {});

describe('explainPrompt: every reason', () => {
  it.each<[string, Partial<PromptFacts>]>([
    ['shown', {}],
    ['loading', { state: run({ type: 'FETCH' }), data: undefined }],
    ['disabled', { enabled: false, state: initialOfferState, data: undefined }],
    ['closed', { open: false }],
    ['waiting', { waiting: true }],
    [
      'no_offer',
      { state: run({ type: 'FETCH' }, { type: 'EMPTY' }), data: answer({ offers: [] }) },
    ],
    [
      'options_dropped',
      {
        state: run({ type: 'FETCH' }, { type: 'EMPTY' }),
        data: answer({
          offers: [],
          debug: {
            dropped_options: [{ offer_id: 'storage', option_id: 'x', processing_type: 'quantum' }],
          },
        }),
      },
    ],
    [
      'capped',
      {
        state: run({ type: 'FETCH' }, { type: 'EMPTY' }),
        data: answer({
          offers: [],
          expires_at: null,
          debug: { capped: { scope: 'app', max: 2, per_ms: 86_400_000, retry_after: 600 } },
        }),
      },
    ],
    ['dismissed', { state: transition(ready, { type: 'DISMISS' }) }],
    [
      'accepted',
      {
        state: run(
          { type: 'FETCH' },
          { type: 'OFFER', offer },
          { type: 'ACCEPT', optionId: 'o' },
          { type: 'ALREADY_ACCEPTED' },
        ),
      },
    ],
    ['expired', { data: answer({ expires_at: NOW / 1000 - 1 }) }],
    ['expired', { state: failed(new UpsellError('offer_expired', 'Expired.')), data: undefined }],
    [
      'unauthenticated',
      { state: failed(new UpsellError('unauthenticated', 'No.')), data: undefined },
    ],
    ['shed', { state: failed(unavailable('shed')), data: undefined }],
    ['paused', { state: failed(unavailable('paused')), data: undefined }],
    ['upstream_unavailable', { state: failed(unavailable('upstream')), data: undefined }],
    ['upstream_unavailable', { state: failed(unavailable()), data: undefined }],
    [
      'rate_limited',
      { state: failed(new UpsellError('rate_limited', 'Slow down.')), data: undefined },
    ],
    ['error', { state: failed(new Error('boom')), data: undefined }],
  ])('%s', (reason, over) => {
    const given = facts(over);
    const error = over.state?.error ?? null;
    const explanation = explainPrompt({ ...given, error });
    expect(explanation.reason).toBe(reason);
    expect(explanation.detail.length).toBeGreaterThan(10);
  });

  it('a 503 without the server’s debug member says how to tell shed from paused', () => {
    const { detail } = explainPrompt(facts({ state: failed(unavailable()), error: unavailable() }));
    expect(detail).toMatch(/debug option/);
  });

  it('an offer shown with options left out says so', () => {
    const data = answer({
      debug: {
        dropped_options: [{ offer_id: 'storage', option_id: 'x', processing_type: 'quantum' }],
      },
    });
    expect(explainPrompt(facts({ data }))).toMatchObject({
      reason: 'shown',
      detail: expect.stringMatching(/1 option left out as unknown \(quantum\)/),
    });
  });
});
