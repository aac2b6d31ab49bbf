import { describe, expect, it } from 'vitest';
import { createSimulator } from './create-simulator';
import { defaultScenario } from './default-scenario';

const AUTH = `Basic ${btoa('test_simulator_key:')}`;

async function offerFor(custom: Record<string, unknown>) {
  const sim = createSimulator();
  const response = await sim.handle(
    new Request('http://sim.test/api/v2/personalized_offers', {
      method: 'POST',
      headers: { Authorization: AUTH, 'Content-Type': 'application/json' },
      body: JSON.stringify({ customer_id: 'c', subscription_id: 's', custom }),
    }),
  );
  return (await response.json()).personalized_offers[0];
}

describe('defaultScenario', () => {
  it('is the scenario used when none is given, and round-trips through JSON', () => {
    expect(createSimulator().options.scenario).toBe(defaultScenario);
    expect(JSON.parse(JSON.stringify(defaultScenario))).toEqual(defaultScenario);
  });

  it('has German, Spanish, French and Japanese content for every offer, every option labelled', () => {
    for (const offer of defaultScenario.offers) {
      expect(Object.keys(offer.locales ?? {}).sort(), offer.id).toEqual(['de', 'es', 'fr', 'ja']);
      for (const [tag, content] of Object.entries(offer.locales ?? {})) {
        const where = `${offer.id} ${tag}`;
        expect(content.title, where).toMatch(/^<div class="slate-p">.+<\/div>$/);
        expect(content.title, where).not.toBe(offer.title);
        expect(content.description, where).not.toBe(offer.description);
        expect(Object.keys(content.labels ?? {}), where).toEqual(offer.options.map((o) => o.id));
        for (const option of offer.options)
          expect(content.labels?.[option.id], where).not.toBe(option.label);
      }
    }
  });

  it('offers "Add 100 GB storage" (billing_update, in_app) from 80 % storage', async () => {
    expect(await offerFor({ storage_used_percent: 79.9 })).toBeUndefined();
    const offer = await offerFor({ storage_used_percent: 80 });
    expect(offer.content.title).toBe('<div class="slate-p">Running out of storage?</div>');
    expect(offer.content.description).toContain('Add 100 GB for $5/month');
    expect(offer.options).toEqual([
      {
        id: 'add_100gb_storage',
        label: 'Add 100 GB storage',
        processing_type: 'billing_update',
        processing_layout: 'in_app',
      },
    ]);
  });

  it('offers "Claim 50 bonus AI credits" (webhook) from 90 % AI credits', async () => {
    expect(await offerFor({ ai_credits_used_percent: 89 })).toBeUndefined();
    const offer = await offerFor({ ai_credits_used_percent: 90 });
    expect(offer.options[0]).toMatchObject({
      label: 'Claim 50 bonus AI credits',
      processing_type: 'webhook',
    });
  });

  it('offers "Upgrade to Business" (checkout, full_page) from 90 % seats', async () => {
    const offer = await offerFor({ seats_used_percent: 90 });
    expect(offer.content.title).toContain('Upgrade to Business');
    expect(offer.options[0]).toMatchObject({
      processing_type: 'checkout',
      processing_layout: 'full_page',
    });
  });

  it('gives every play a 24 h cool-down and distinct priorities', () => {
    expect(defaultScenario.plays.map((p) => p.cooldownSeconds)).toEqual([86400, 86400, 86400]);
    expect(new Set(defaultScenario.plays.map((p) => p.priority)).size).toBe(3);
  });
});
