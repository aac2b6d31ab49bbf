import type Chargebee from 'chargebee';
import type { FleetPause } from '../upstream/fleet-pause';
import { isOfferEventsRefusal } from '../upstream/offer-events-refused';
import { normalizeUpstreamError } from '../upstream/upstream-error';
import type { QueuedEvent } from './event-queue';

/** How long offer events stay paused after Chargebee refused them as not enabled for the site. */
const NOT_ENABLED_PAUSE_MS = 30 * 60_000;

/**
 * The Chargebee call of one offer event. Offer events are "not enabled for live sites by
 * default": once Chargebee refuses them so, events are paused fleet-wide (a `drop` pause of the
 * `events` scope: dropped, not queued, meanwhile) and the refusal resolves; the UI still gets 204.
 *
 * @example const send = createOfferEventSender({ chargebee, pause, warnOnce });
 */
export function createOfferEventSender(options: {
  chargebee: Chargebee;
  pause: FleetPause;
  warnOnce: (key: string, message: string, detail?: Record<string, unknown>) => void;
}): (event: QueuedEvent) => Promise<unknown> {
  const { chargebee, pause, warnOnce } = options;
  return async (event) => {
    try {
      return await chargebee.offerEvent.offerEvents({
        personalized_offer_id: event.personalizedOfferId,
        type: event.type,
      });
    } catch (error) {
      const failure = normalizeUpstreamError(error);
      if (!isOfferEventsRefusal(failure)) throw error;
      await pause.hold(
        'events',
        NOT_ENABLED_PAUSE_MS,
        'offer events are not enabled for the site',
        {
          maxMs: NOT_ENABLED_PAUSE_MS,
          drop: true,
          quiet: true,
        },
      );
      warnOnce(
        'offer_events_refused',
        'upsell-kit: Chargebee refused offer events: they are "not enabled for live sites by default". Ask Chargebee support to enable offer events (Chargebee Growth) for this site. Events are paused for 30 minutes at a time meanwhile; prompts work as usual.',
        { status: failure.upstreamStatus, apiErrorCode: failure.apiErrorCode },
      );
      return undefined;
    }
  };
}
