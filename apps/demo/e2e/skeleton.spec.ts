import { DemoPage, expect, test, waitForOffers } from './fixtures';

// Issue 2's walking skeleton: one real offer from the (simulated) Chargebee into the browser.
test('Alice at 85 % storage sees the storage offer; at 40 % none', async ({ page, sim }) => {
  const demo = new DemoPage(page);
  // A fresh browser is signed in as Alice and asks at the initial 40 %: no offer.
  const initial = waitForOffers(page, (custom) => custom.storage_used_percent === 40);
  await demo.open('Alice');
  expect(((await (await initial).json()) as { offers: unknown[] }).offers).toEqual([]);
  // No offer at 40 %: the page says what to do first (issue 21).
  await expect(
    page.getByText(/^Try it: raise “Storage used \(%\)” to 80 or more to see an offer/),
  ).toBeVisible();

  const offered = await demo.setUsage('storage_used_percent', 85);
  expect(offered.status()).toBe(200);
  await expect(page.getByRole('heading', { name: 'Running out of storage?' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add 100 GB storage' })).toBeVisible();

  // Back to 40 % (answered from the page's cache of the first answer): the banner goes.
  await demo.storage.fill('40');
  await expect(page.getByRole('heading', { name: 'Running out of storage?' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Add 100 GB storage' })).toHaveCount(0);

  // The offer was issued by the simulator to Alice's customer, identified by the server.
  const offers = await sim.offers();
  expect(offers.map((offer) => offer.customer_id)).toEqual(['cus_acme']);
});
