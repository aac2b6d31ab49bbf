// scenario.ts — your own plays for the simulator (also valid as scenario.json for the CLI).
import { createSimulator, type Scenario } from '@upsell-kit/chargebee-simulator';

export const scenario: Scenario = {
  customFields: [{ id: 'projects_used_percent', type: 'number', label: 'Projects used (%)' }],
  audiences: [
    {
      id: 'busy_admins',
      rule: {
        all: [
          { field: 'custom.projects_used_percent', operator: '>=', value: 90 },
          { field: 'roles', operator: 'in', value: ['admin', 'owner'] },
        ],
      },
    },
  ],
  offers: [
    {
      id: 'more_projects',
      title: '<div class="slate-p">Need more projects?</div>',
      description: '<div class="slate-p">Add 10 projects for <strong>$9/month</strong>.</div>',
      options: [
        {
          id: 'add_10_projects',
          label: 'Add 10 projects',
          processingType: 'billing_update',
          processingLayout: 'in_app',
        },
      ],
    },
  ],
  plays: [
    {
      id: 'projects',
      audience: 'busy_admins',
      offer: 'more_projects',
      priority: 10,
      cooldownSeconds: 3600,
    },
  ],
};

const sim = createSimulator({ scenario });

// Test controls: how fulfillments end, faults, the clock, and what the simulator received.
sim.fulfillmentOutcome('billing_update', {
  outcome: 'failed',
  errorCode: 'billing_update_failed',
  delayMs: 0,
});
sim.faults.set('personalized_offers', { status: 503, retryAfter: 2, times: 1 });
sim.clock.advance(7 * 24 * 60 * 60 * 1000);
console.log(sim.inspect.events(), sim.inspect.fulfillments(), sim.balances('sub_1'));
sim.reset();
