import type { Scenario } from './scenario';

/**
 * The scenario the simulator uses unless told otherwise, mirroring Chargebee's tutorials:
 *
 * | play | audience | offer / option | processing |
 * |---|---|---|---|
 * | `plan_upgrade` (priority 30) | `custom.seats_used_percent >= 90` | "Upgrade to Business" / `upgrade_to_business` | checkout, full_page |
 * | `storage_upsell` (priority 20) | `custom.storage_used_percent >= 80` | "Running out of storage?" / `add_100gb_storage` | billing_update, in_app |
 * | `ai_credits_reward` (priority 10) | `custom.ai_credits_used_percent >= 90` | "You're almost out of AI credits" / `claim_50_ai_credits` | webhook, in_app (the merchant grants 50 `ai_credits`) |
 *
 * Every play cools down for 24 hours after a dismissal.
 *
 * @example createSimulator({ scenario: { ...defaultScenario, offerTtlSeconds: 60 } })
 */
export const defaultScenario: Scenario = {
  customFields: [
    { id: 'storage_used_percent', type: 'number', label: 'Storage used (%)' },
    { id: 'ai_credits_used_percent', type: 'number', label: 'AI credits used (%)' },
    { id: 'seats_used_percent', type: 'number', label: 'Seats used (%)' },
  ],
  audiences: [
    {
      id: 'storage_heavy',
      name: 'Storage almost full',
      rule: { all: [{ field: 'custom.storage_used_percent', operator: '>=', value: 80 }] },
    },
    {
      id: 'ai_credits_heavy',
      name: 'AI credits almost used up',
      rule: { all: [{ field: 'custom.ai_credits_used_percent', operator: '>=', value: 90 }] },
    },
    {
      id: 'seats_full',
      name: 'Seats almost full',
      rule: { all: [{ field: 'custom.seats_used_percent', operator: '>=', value: 90 }] },
    },
  ],
  offers: [
    {
      id: 'storage_upsell',
      title: '<div class="slate-p">Running out of storage?</div>',
      description:
        '<div class="slate-p">You\'ve used over 80% of your storage. Add 100 GB for $5/month and keep everything in one place.</div>',
      options: [
        {
          id: 'add_100gb_storage',
          label: 'Add 100 GB storage',
          processingType: 'billing_update',
          processingLayout: 'in_app',
        },
      ],
    },
    {
      id: 'ai_credits_reward',
      title: '<div class="slate-p">You\'re almost out of AI credits</div>',
      description:
        '<div class="slate-p">Thanks for being a power user! Claim <strong>50 bonus AI credits</strong> on us, valid for 30 days.</div>',
      options: [
        {
          id: 'claim_50_ai_credits',
          label: 'Claim 50 bonus AI credits',
          processingType: 'webhook',
          processingLayout: 'in_app',
        },
      ],
    },
    {
      id: 'plan_upgrade',
      title: '<div class="slate-p">Upgrade to Business</div>',
      description:
        '<div class="slate-p">Your team is almost out of seats. Business gives you unlimited seats, SSO and priority support.</div>',
      options: [
        {
          id: 'upgrade_to_business',
          label: 'Upgrade to Business',
          processingType: 'checkout',
          processingLayout: 'full_page',
        },
      ],
    },
  ],
  plays: [
    {
      id: 'plan_upgrade',
      audience: 'seats_full',
      offer: 'plan_upgrade',
      priority: 30,
      cooldownSeconds: 86400,
    },
    {
      id: 'storage_upsell',
      audience: 'storage_heavy',
      offer: 'storage_upsell',
      priority: 20,
      cooldownSeconds: 86400,
    },
    {
      id: 'ai_credits_reward',
      audience: 'ai_credits_heavy',
      offer: 'ai_credits_reward',
      priority: 10,
      cooldownSeconds: 86400,
    },
  ],
  offerTtlSeconds: 1800,
  brand: { id: 'upsell-kit-test', name: 'Upsell Kit Test' },
};
