import type { ScenarioOffer, ScenarioOfferContent } from '../scenario';

/** A tag as compared: lower case, `_` as `-` (`de_DE` and `de-de` are `de-DE`). */
const normalize = (tag: string) => tag.trim().toLowerCase().replace(/_/g, '-');

/**
 * The offer's content for a request's `request_context.locale`: the `locales` entry whose tag
 * is the locale or the longest prefix of it (`de-DE` → `de-DE`, then `de`), else none. Tags are
 * compared case-insensitively; a Map, so that a tag such as `__proto__` is only a tag.
 */
export function localizedContent(
  offer: ScenarioOffer,
  locale: unknown,
): ScenarioOfferContent | undefined {
  if (!offer.locales || typeof locale !== 'string' || locale.trim() === '') return undefined;
  const byTag = new Map(Object.entries(offer.locales).map(([tag, c]) => [normalize(tag), c]));
  const subtags = normalize(locale).split('-');
  for (let n = subtags.length; n > 0; n--) {
    const content = byTag.get(subtags.slice(0, n).join('-'));
    if (content) return content;
  }
  return undefined;
}
