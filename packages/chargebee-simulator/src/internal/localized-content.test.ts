import { describe, expect, it } from 'vitest';
import { createSimulator } from '../create-simulator';
import { defaultScenario } from '../default-scenario';
import type { Scenario, ScenarioOffer } from '../scenario';
import { callGrowth } from '../test-support/call-growth';
import { localizedContent } from './localized-content';

/** The offer the simulator returns for heavy storage use, with `locale` as the request's. */
async function storageOffer(locale?: string, scenario: Scenario = defaultScenario) {
  const sim = createSimulator({ scenario });
  const { status, body } = await callGrowth(sim, 'POST', 'personalized_offers', {
    customer_id: 'cust_1',
    subscription_id: 'sub_1',
    custom: { storage_used_percent: 85 },
    ...(locale === undefined ? {} : { request_context: { locale } }),
  });
  expect(status).toBe(200);
  const [offer] = body.personalized_offers as {
    content: { title: string; description: string };
    options: { id: string; label: string }[];
  }[];
  return { offer: offer!, sim };
}

describe('offer content per request_context.locale', () => {
  it('returns the default scenario offers in German, Spanish, French and Japanese', async () => {
    const de = (await storageOffer('de-DE')).offer;
    expect(de.content.title).toBe('<div class="slate-p">Ihr Speicherplatz wird knapp</div>');
    expect(de.content.description).toContain('100 GB hinzu');
    expect(de.options.map((o) => [o.id, o.label])).toEqual([
      ['add_100gb_storage', '100 GB Speicher hinzufügen'],
    ]);
    expect((await storageOffer('es-419')).offer.options[0]?.label).toBe(
      'Añadir 100 GB de almacenamiento',
    );
    expect((await storageOffer('fr')).offer.content.title).toContain('Vous manquez d’espace');
    expect((await storageOffer('ja-JP')).offer.content.title).toContain('ストレージの空き容量');
  });

  it('falls back to the offer’s own content for another locale, none, or an empty one', async () => {
    for (const locale of ['en-US', 'pt-BR', undefined, '']) {
      const { offer } = await storageOffer(locale);
      expect(offer.content.title, String(locale)).toBe(
        '<div class="slate-p">Running out of storage?</div>',
      );
      expect(offer.options[0]?.label).toBe('Add 100 GB storage');
    }
  });

  it('records the labels it issued, so what the customer saw is what the simulator lists', async () => {
    const { sim } = await storageOffer('de-DE');
    expect(sim.inspect.offers()[0]?.options[0]?.label).toBe('100 GB Speicher hinzufügen');
  });

  it('takes the longest matching tag, case-insensitively, and the offer’s own for what it leaves out', () => {
    const offer: ScenarioOffer = {
      id: 'o',
      title: 'Title',
      description: 'Description',
      options: [{ id: 'a', label: 'A', processingType: 'billing_update' }],
      locales: {
        de: { title: 'Titel', description: 'Beschreibung' },
        'de-CH': { title: 'Titel (CH)' },
        pt_BR: { labels: { a: 'Á' } },
      },
    };
    expect(localizedContent(offer, 'de-DE')).toEqual({
      title: 'Titel',
      description: 'Beschreibung',
    });
    expect(localizedContent(offer, 'DE-ch')).toEqual({ title: 'Titel (CH)' });
    expect(localizedContent(offer, 'pt-BR')).toEqual({ labels: { a: 'Á' } });
    expect(localizedContent(offer, 'pt')).toBeUndefined();
    expect(localizedContent(offer, '__proto__')).toBeUndefined();
    expect(localizedContent({ ...offer, locales: undefined }, 'de')).toBeUndefined();
  });

  it('answers a tag with part of the content with the rest of the offer’s own', async () => {
    const [storage] = defaultScenario.offers;
    const scenario: Scenario = {
      ...defaultScenario,
      offers: [
        { ...storage!, locales: { de: { title: 'Speicher fast voll?' } } },
        ...defaultScenario.offers.slice(1),
      ],
    };
    const { offer } = await storageOffer('de', scenario);
    expect(offer.content.title).toBe('Speicher fast voll?');
    expect(offer.content.description).toBe(storage!.description);
    expect(offer.options[0]?.label).toBe('Add 100 GB storage');
  });

  it('refuses a scenario whose locales are not tags, strings, or labels of the offer’s options', () => {
    const [storage] = defaultScenario.offers;
    const withLocales = (locales: unknown) => () =>
      createSimulator({
        scenario: {
          ...defaultScenario,
          offers: [{ ...storage!, locales } as ScenarioOffer, ...defaultScenario.offers.slice(1)],
        },
      });
    expect(withLocales({ 'not a tag': {} })).toThrow(/"not a tag", which is not a locale tag/);
    expect(withLocales({ de: { title: 42 } })).toThrow(/locales\.de\.title must be an HTML string/);
    expect(withLocales({ de: { labels: { nope: 'x' } } })).toThrow(/names unknown option "nope"/);
    expect(withLocales({ de: { labels: { add_100gb_storage: 1 } } })).toThrow(/must be a string/);
    expect(withLocales(['de'])).toThrow(/must be an object of content by locale tag/);
  });
});
