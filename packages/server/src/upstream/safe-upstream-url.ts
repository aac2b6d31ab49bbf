import type { HandlerContext } from '../handler/context';

/**
 * `url` when the browser may have it (`ctx.urlAllowed`: `https:`, or loopback with a loopback
 * `baseUrl`), else `null`, logged with the ids that locate it. For every URL from Chargebee that
 * reaches a response: hosted pages, option and fulfillment `redirect_url`s.
 *
 * @example safeUpstreamUrl(ctx, option.redirect_url, 'option redirect_url', { optionId })
 */
export function safeUpstreamUrl(
  ctx: Pick<HandlerContext, 'urlAllowed' | 'logger'>,
  url: string | null,
  what: string,
  ids: Record<string, string>,
): string | null {
  if (url === null || ctx.urlAllowed(url)) return url;
  ctx.logger.error(`upsell-kit: Chargebee sent a ${what} that is not https:; it was dropped`, ids);
  return null;
}
