import { DemoPage, expect, test } from './fixtures';

// Issue 12: the activity panel's "Chargebee API budget" meter shows the embedded simulator's
// calls of the last minute against its (test-site) limit, and its refusals.

test('the API budget meter follows the calls Chargebee served and shows a refusal', async ({
  page,
  sim,
}) => {
  const demo = new DemoPage(page);
  await demo.open('Alice');
  const meter = demo.activity.getByRole('meter', { name: 'Chargebee API budget' });
  const section = demo.activity.getByRole('region', { name: 'Chargebee API budget' });

  await demo.setUsage('storage_used_percent', 85);
  await expect(demo.prompt('Running out of storage?')).toBeVisible();
  await expect.poll(async () => (await sim.eventsOf('viewed')).length).toBe(1);

  // The meter says what the simulator counted: the offer fetches and the viewed event.
  const usage = await sim.apiUsage();
  expect(usage.requestsPerMinute).toBe(150);
  expect(usage.callsLastMinute).toBeGreaterThanOrEqual(2);
  const text = `${usage.callsLastMinute} of 150 calls in the last minute`;
  await expect(meter).toHaveAttribute('aria-valuetext', text);
  await expect(meter).toHaveAttribute('aria-valuemax', '150');
  await expect(section.getByText(text)).toBeVisible();

  // Chargebee refuses the next call: the page shows no prompt and keeps working; the meter
  // counts the refusal.
  await sim.apiLimit(usage.callsLastMinute);
  await demo.setUsage('storage_used_percent', 92);
  await expect.poll(async () => (await sim.apiUsage()).refusedLastMinute).toBeGreaterThan(0);
  const refused = (await sim.apiUsage()).refusedLastMinute;
  await expect(section.getByRole('definition').first()).toHaveText(String(refused));
  await expect(demo.storage).toBeEditable();
});
