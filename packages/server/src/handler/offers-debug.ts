import { isProcessingType, UpsellError } from '@upsell-kit/core';
import type { DroppedOption } from '@upsell-kit/core';
import { upstreamFailureOf } from '../upstream/call-upstream';
import type { HandlerContext } from './context';

/**
 * The `debug` member of answers (the handler's `debug: true`, never in production): what only
 * the server knows about an offers answer, for the browser's "why no offer?" panel.
 */

/** Options Chargebee sent with a processing type the kit does not know (left out of the answer). */
export function droppedOptionsOf(body: unknown): DroppedOption[] {
  const offers = (body as { personalized_offers?: unknown } | null)?.personalized_offers;
  if (!Array.isArray(offers)) return [];
  return offers.flatMap((offer: { offer_id?: unknown; options?: unknown }) =>
    Array.isArray(offer?.options)
      ? offer.options.flatMap((option: { id?: unknown; processing_type?: unknown }) =>
          typeof option?.processing_type === 'string' && !isProcessingType(option.processing_type)
            ? [
                {
                  offer_id: String(offer.offer_id),
                  option_id: String(option.id),
                  processing_type: option.processing_type,
                },
              ]
            : [],
        )
      : [],
  );
}

/** The most recent answers' dropped options, per handler: cached answers report them too. */
const memos = new WeakMap<object, Map<string, DroppedOption[]>>();
const MEMO_SIZE = 200;

/**
 * Remembers (`dropped` given: the answer came from Chargebee) or recalls (a cached answer) the
 * options left out of the answer to these upstream params. Per instance: development only.
 */
export function rememberDropped(
  ctx: object,
  params: { request_context: object },
  dropped?: DroppedOption[],
): DroppedOption[] {
  let memo = memos.get(ctx);
  if (!memo) memos.set(ctx, (memo = new Map()));
  // The cache shares an answer across user agents of one device class: key without it.
  const { user_agent: _ua, ...context } = params.request_context as { user_agent?: string };
  const key = JSON.stringify({ ...params, request_context: context });
  if (!dropped) return memo.get(key) ?? [];
  memo.delete(key);
  memo.set(key, dropped);
  if (memo.size > MEMO_SIZE) memo.delete(memo.keys().next().value as string);
  return dropped;
}

/**
 * A `503 upstream_unavailable` of an offers fetch, with the reason behind it: the budget shed it,
 * a pause (Chargebee's 429, `handler.pause`) held it, or Chargebee itself was unavailable. Any
 * other error passes through unchanged.
 */
export async function withUnavailableReason(
  ctx: Pick<HandlerContext, 'pause'>,
  error: unknown,
): Promise<unknown> {
  if (!(error instanceof UpsellError) || error.code !== 'upstream_unavailable') return error;
  const failure = upstreamFailureOf(error);
  const reason =
    failure?.upstreamStatus === 429 || (!failure && (await ctx.pause.holding('offers')))
      ? 'paused'
      : failure
        ? 'upstream'
        : 'shed';
  return new UpsellError(error.code, error.message, {
    status: error.status,
    ...(error.retryAfter === undefined ? {} : { retryAfter: error.retryAfter }),
    debug: { reason },
  });
}
