import type { FulfillmentGrant } from '@upsell-kit/core';
import { QueryClient } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UpsellBanner } from '../banner/upsell-banner';
import { defaultMessages } from '../default-messages';
import type { UpsellLocaleMessages } from '../default-messages';
import { contractHandlers, makeFulfillment, makeOffer } from '../test/contract';
import { settleRequests } from '../test/in-flight-requests';
import { UpsellProvider } from '../upsell-provider';
import { de } from './de';
import { es } from './es';
import { fr } from './fr';
import { ja } from './ja';

const locales: Record<string, UpsellLocaleMessages> = { de, es, fr, ja };
const grantOf = (amount: string): FulfillmentGrant => ({
  unit_id: 'ai_credits',
  amount,
  expires_at: 1_900_000_000,
});

/** Every string of a message set, by its path (`failure.default`, …); `grant` and `units` aside. */
function strings(messages: object, prefix = ''): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(messages)
      .filter(([key]) => key !== 'grant' && key !== 'units')
      .flatMap(([key, value]) =>
        typeof value === 'object' && value !== null
          ? Object.entries(strings(value, `${prefix}${key}.`))
          : [[`${prefix}${key}`, value]],
      ),
  );
}

describe.each(Object.entries(locales))('locales/%s', (name, messages) => {
  it('words every string of the English defaults, each one translated', () => {
    const english = strings(defaultMessages);
    const translated = strings(messages);
    // The same keys, failure and error codes included: nothing falls back to English unseen.
    expect(Object.keys(translated).sort()).toEqual(Object.keys(english).sort());
    for (const [key, text] of Object.entries(translated)) {
      expect(typeof text, key).toBe('string');
      expect((text as string).trim(), key).not.toBe('');
      expect(text, `${name} ${key} is the English text`).not.toBe(english[key]);
    }
    expect(messages.units).toEqual({});
    expect(Object.keys(messages).sort()).toEqual(Object.keys(defaultMessages).sort());
  });

  it('gives the dismiss button and the Close action different names', () => {
    // Both can be on screen after a failure: a screen reader must tell them apart.
    expect(messages.dismiss).not.toBe(messages.close);
  });

  it('words a grant without a unit name without its amount or unit id', () => {
    const text = messages.grant(grantOf('50'), '');
    expect(text).not.toMatch(/50|ai_credits/);
    expect(text).toBe(messages.grant(grantOf('1'), ''));
  });

  it('shows an amount that is not a number as it came', () => {
    expect(messages.grant(grantOf('lots'), 'X')).toContain('lots X');
  });
});

describe('grant wording by plural form and number format', () => {
  it('de: "wurde" for one, "wurden" for others (Intl.PluralRules), German digit grouping', () => {
    expect(de.grant(grantOf('1'), 'KI-Credit')).toBe(
      'Fertig! 1 KI-Credit wurde Ihrem Konto gutgeschrieben.',
    );
    expect(de.grant(grantOf('50'), 'KI-Credits')).toBe(
      'Fertig! 50 KI-Credits wurden Ihrem Konto gutgeschrieben.',
    );
    expect(de.grant(grantOf('1000'), 'KI-Credits')).toBe(
      'Fertig! 1.000 KI-Credits wurden Ihrem Konto gutgeschrieben.',
    );
    expect(de.grant(grantOf('2.5'), 'GB')).toBe(
      'Fertig! 2,5 GB wurden Ihrem Konto gutgeschrieben.',
    );
  });

  it('es: "Se ha añadido" for one, "Se han añadido" for others, Spanish digit grouping', () => {
    expect(es.grant(grantOf('1'), 'crédito de IA')).toBe(
      '¡Listo! Se ha añadido 1 crédito de IA a tu cuenta.',
    );
    expect(es.grant(grantOf('50'), 'créditos de IA')).toBe(
      '¡Listo! Se han añadido 50 créditos de IA a tu cuenta.',
    );
    // Spanish groups from five digits on.
    expect(es.grant(grantOf('1000'), 'créditos')).toContain(' 1000 créditos');
    expect(es.grant(grantOf('10000'), 'créditos')).toContain(' 10.000 créditos');
  });

  it('fr: the active voice for any amount, French spacing and digit grouping', () => {
    expect(fr.grant(grantOf('1'), 'crédit IA')).toBe(
      'C’est fait\u202f! Nous avons ajouté 1 crédit IA à votre compte.',
    );
    expect(fr.grant(grantOf('1000'), 'crédits IA')).toBe(
      'C’est fait\u202f! Nous avons ajouté 1\u202f000 crédits IA à votre compte.',
    );
    // French punctuation: a narrow no-break space before ! ? ; and never a plain space.
    for (const text of Object.values(strings(fr)) as string[]) expect(text).not.toMatch(/ [!?;:]/);
  });

  it('ja: no plural forms, one wording for every amount', () => {
    expect(new Intl.PluralRules('ja').resolvedOptions().pluralCategories).toEqual(['other']);
    expect(ja.grant(grantOf('1'), 'AIクレジット')).toBe(
      '完了しました。1 AIクレジットをアカウントに追加しました。',
    );
    expect(ja.grant(grantOf('50'), 'AIクレジット')).toBe(
      ja.grant(grantOf('1'), 'AIクレジット').replace('1 ', '50 '),
    );
    expect(ja.grant(grantOf('1000'), 'AIクレジット')).toContain('1,000 AIクレジット');
  });
});

describe('a locale on the provider', () => {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  afterEach(async () => {
    await settleRequests();
    server.resetHandlers();
  });
  afterAll(() => server.close());

  it('names the dismiss button and words the grant in German, with units in the plural form', async () => {
    const offer = makeOffer({
      options: [{ id: 'wh', label: '50 KI-Credits sichern', processing_type: 'webhook' }],
    });
    const grant = grantOf('50');
    const { handlers } = contractHandlers({
      offers: () => ({
        offers: [offer],
        expires_at: Math.floor(Date.now() / 1000) + 3600,
        brand: null,
      }),
      fulfill: () => ({
        status: 201,
        body: {
          fulfillment: makeFulfillment({ option_id: 'wh', processing_type: 'webhook' }),
          hosted_page: null,
        },
      }),
      read: (id) =>
        makeFulfillment({
          id,
          option_id: 'wh',
          processing_type: 'webhook',
          status: 'completed',
          grant,
        }),
    });
    server.use(...handlers);
    render(
      <UpsellProvider
        queryClient={new QueryClient()}
        locale="de-DE"
        messages={{ ...de, units: { ai_credits: { one: 'KI-Credit', other: 'KI-Credits' } } }}
      >
        <UpsellBanner custom={{ storage_used_percent: 85 }} />
      </UpsellProvider>,
    );
    expect(await screen.findByRole('button', { name: 'Ausblenden' })).toBeEnabled();
    await userEvent.click(await screen.findByRole('button', { name: '50 KI-Credits sichern' }));
    await waitFor(
      () =>
        expect(screen.getByRole('status')).toHaveTextContent(
          'Fertig! 50 KI-Credits wurden Ihrem Konto gutgeschrieben.',
        ),
      { timeout: 5000 },
    );
  });
});
