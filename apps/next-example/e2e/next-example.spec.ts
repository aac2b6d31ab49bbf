import { expect, test } from '@playwright/test';
import { NEXT_SERVER } from '../../demo/e2e/servers';

// The Next.js example under `next start`: route handlers from @upsell-kit/server/next, identity
// from a signed session cookie, UpsellProvider + UpsellBanner in a client component, and the
// simulator the route module started on loopback.
test.use({ baseURL: NEXT_SERVER.url });

const sim = (path: string) => `${NEXT_SERVER.simulatorUrl}/__simulator/${path}`;

test('Alice sees the storage banner at 85 %, none at 40 %, and accepts it once', async ({
  page,
  request,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto('/');

  // No session yet: the route handler answers 401 and nothing is shown.
  const unauthenticated = await page.evaluate(async () => {
    const response = await fetch('/api/upsell/offers', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ custom: { storage_used_percent: 85 } }),
    });
    return response.status;
  });
  expect(unauthenticated).toBe(401);

  const signedIn = page.waitForResponse((r) => r.url().endsWith('/api/session'));
  await page.getByLabel('Signed in as').selectOption({ label: 'Alice' });
  expect((await signedIn).status()).toBe(200);
  const cookie = (await page.context().cookies()).find((c) => c.name === 'example_session');
  expect(cookie).toMatchObject({ httpOnly: true });

  const offered = page.waitForResponse(
    (r) =>
      r.url().endsWith('/api/upsell/offers') &&
      (r.request().postDataJSON() as { custom?: Record<string, number> }).custom
        ?.storage_used_percent === 85,
  );
  await page.getByLabel('Storage used (%)').fill('85');
  expect((await offered).status()).toBe(200);
  const banner = page.getByRole('region', { name: 'Running out of storage?' });
  await expect(banner).toBeVisible();
  const cta = banner.getByRole('button', { name: 'Add 100 GB storage' });
  await expect(cta).toBeEnabled();

  // The offer went to Alice's customer, decided on the server.
  const offers = (await (await request.get(sim('offers'))).json()) as Array<{
    customer_id: string;
  }>;
  expect(offers.map((o) => o.customer_id)).toEqual(['cus_acme']);
  await expect
    .poll(async () => ((await (await request.get(sim('events'))).json()) as unknown[]).length)
    .toBe(1);

  await page.getByLabel('Storage used (%)').fill('40');
  await expect(banner).toBeHidden();
  await page.getByLabel('Storage used (%)').fill('85');
  await expect(banner).toBeVisible();

  await cta.dblclick();
  await expect(banner.getByRole('status')).toHaveText('Done! Your plan has been updated.');
  const fulfillments = (await (await request.get(sim('fulfillments'))).json()) as Array<{
    status: string;
  }>;
  expect(fulfillments).toHaveLength(1);
  expect(fulfillments[0]?.status).toBe('completed');
  expect(errors).toEqual([]);
});
