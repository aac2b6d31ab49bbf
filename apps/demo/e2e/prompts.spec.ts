import { createRequire } from 'node:module';
import type { Locator, Page } from '@playwright/test';
import { DemoPage, PROMPT_STYLES, expect, test, waitForOffers } from './fixtures';
import type { PromptStyle } from './fixtures';

// Issue 7: every user-visible path of Chargebee's usage-based upsell tutorial, for each prompt
// style, in Debian Chromium against the built demo server and its embedded simulator.

const STORAGE_TITLE = 'Running out of storage?';
const STORAGE_CTA = 'Add 100 GB storage';
const SUCCESS = 'Done! Your plan has been updated.';
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

function slug(style: PromptStyle): string {
  return style.toLowerCase().replace(/\s+/g, '-');
}

/** Dismisses the prompt the way a user would: the Dismiss button, or Escape for the modal. */
async function dismiss(demo: DemoPage, prompt: Locator): Promise<void> {
  if (demo.style === 'Modal') await demo.page.keyboard.press('Escape');
  else await prompt.getByRole('button', { name: 'Dismiss' }).click();
}

/** axe-core on the whole page, WCAG 2.x A and AA rules. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (...args: unknown[]) => Promise<unknown> } })
      .axe;
    const result = (await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    })) as { violations: Array<{ id: string; nodes: Array<{ target: unknown }> }> };
    return result.violations.map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
  });
}

/** The accessible name (aria-label or text) of the focused element. */
function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return (el?.getAttribute('aria-label') ?? el?.textContent ?? '').trim();
  });
}

for (const style of PROMPT_STYLES) {
  test.describe(`${style}:`, () => {
    test('1. Alice sees the storage prompt at 85 % with exactly one viewed event; none at 40 %', async ({
      page,
      sim,
    }, testInfo) => {
      const demo = new DemoPage(page, style);
      // 40 % (where a fresh browser starts, signed in as Alice): the server answers with no
      // offer, nothing shows and nothing is recorded.
      const initial = waitForOffers(page, (custom) => custom.storage_used_percent === 40);
      await demo.open('Alice');
      expect(((await (await initial).json()) as { offers: unknown[] }).offers).toEqual([]);
      await expect(demo.promptTitle(STORAGE_TITLE)).toHaveCount(0);
      expect(await sim.events()).toEqual([]);

      // 85 %: the prompt, named by its title, with the option's button.
      await demo.setUsage('storage_used_percent', 85);
      const prompt = demo.prompt(STORAGE_TITLE);
      await expect(prompt).toBeVisible();
      await expect(prompt.getByRole('button', { name: STORAGE_CTA })).toBeEnabled();
      await expect.poll(async () => (await sim.eventsOf('viewed')).length).toBe(1);
      // The activity panel shows what reached the simulator.
      await expect(demo.activity.getByText(/^viewed · storage_upsell_/)).toBeVisible();

      const screenshot = testInfo.outputPath(`prompt-${slug(style)}.png`);
      await page.screenshot({ path: screenshot, fullPage: true });
      await testInfo.attach(`prompt-${slug(style)}`, {
        path: screenshot,
        contentType: 'image/png',
      });

      expect(await axeViolations(page)).toEqual([]);

      const events = await sim.events();
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        type: 'viewed',
        customer_id: 'cus_acme',
        subscription_id: 'sub_acme',
      });
    });

    test('2. Dismissing records one dismissed event and the prompt stays away on reload', async ({
      page,
      sim,
    }) => {
      const demo = new DemoPage(page, style);
      await demo.open('Alice');
      await demo.setUsage('storage_used_percent', 85);
      const prompt = demo.prompt(STORAGE_TITLE);
      await expect(prompt).toBeVisible();
      await expect.poll(async () => (await sim.eventsOf('viewed')).length).toBe(1);

      await dismiss(demo, prompt);
      await expect(prompt).toBeHidden();
      await expect.poll(async () => (await sim.eventsOf('dismissed')).length).toBe(1);

      // Cool-down: after a reload the simulator offers nothing at the same usage.
      await page.reload();
      await demo.open('Alice');
      const again = await demo.setUsage('storage_used_percent', 85);
      expect(((await again.json()) as { offers: unknown[] }).offers).toEqual([]);
      await expect(demo.promptTitle(STORAGE_TITLE)).toHaveCount(0);
      expect(await sim.eventsOf('dismissed')).toHaveLength(1);
    });

    test('3. A double click accepts once: disabled at once, one fulfillment, completed and announced', async ({
      page,
      sim,
    }) => {
      const demo = new DemoPage(page, style);
      await demo.open('Alice');
      await demo.setUsage('storage_used_percent', 85);
      const prompt = demo.prompt(STORAGE_TITLE);
      const cta = prompt.getByRole('button', { name: STORAGE_CTA });
      await expect(cta).toBeEnabled();

      await cta.dblclick();
      // Unavailable at once, but focusable (aria-disabled), and busy where it was pressed.
      await expect(cta).toHaveAttribute('aria-disabled', 'true');
      await expect(prompt.getByRole('status')).toHaveText(SUCCESS);
      // The option gave way to "Done", which has focus: no jump to the page's start.
      await expect(cta).toHaveCount(0);
      await expect(prompt.getByRole('button', { name: 'Done' })).toBeFocused();

      const fulfillments = await sim.fulfillments();
      expect(fulfillments).toHaveLength(1);
      expect(fulfillments[0]).toMatchObject({
        option_id: 'add_100gb_storage',
        processing_type: 'billing_update',
        status: 'completed',
      });
      expect(await sim.requestsTo('POST', '/api/v2/offer_fulfillments')).toHaveLength(1);
      await expect(demo.activity.getByText('completed')).toBeVisible();
    });

    test('3b. After the accept, the app updates: the storage card shows the new limit without a reload', async ({
      page,
      sim,
    }) => {
      const demo = new DemoPage(page, style);
      await demo.open('Alice');
      await demo.setUsage('storage_used_percent', 85);
      const card = page.getByRole('article', { name: 'Storage' });
      await expect(card.getByText('425 GB of 500 GB')).toBeVisible();
      const prompt = demo.prompt(STORAGE_TITLE);
      await prompt.getByRole('button', { name: STORAGE_CTA }).click();
      await expect(prompt.getByRole('status')).toHaveText(SUCCESS);
      // The same 425 GB, of 600 GB now: the limit and the figure changed, the page did not reload.
      await expect(card.getByText('425 GB of 600 GB')).toBeVisible();
      await expect(card.getByRole('meter')).toHaveAttribute('aria-valuenow', '71');
      await expect(page.getByRole('spinbutton', { name: 'Storage used (%)' })).toHaveValue('71');
      expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1);
      expect(await sim.fulfillments()).toHaveLength(1);
    });

    test('4. Bob, on the same subscription, gets "already accepted" after Alice accepts', async ({
      page,
      browser,
      server,
      sim,
    }) => {
      const alice = new DemoPage(page, style);
      await alice.open('Alice');
      await alice.setUsage('storage_used_percent', 85);
      const alicePrompt = alice.prompt(STORAGE_TITLE);
      await expect(alicePrompt).toBeVisible();

      // Bob's browser has the offer on screen before Alice accepts.
      const bobContext = await browser.newContext({ baseURL: server.url });
      try {
        const bob = new DemoPage(await bobContext.newPage(), style);
        await bob.open('Bob');
        await bob.setUsage('storage_used_percent', 85);
        const bobPrompt = bob.prompt(STORAGE_TITLE);
        await expect(bobPrompt).toBeVisible();

        await alicePrompt.getByRole('button', { name: STORAGE_CTA }).click();
        await expect(alicePrompt.getByRole('status')).toHaveText(SUCCESS);

        await bobPrompt.getByRole('button', { name: STORAGE_CTA }).click();
        await expect(bobPrompt.getByRole('status')).toHaveText(
          'This offer has already been accepted.',
        );
        expect(await sim.fulfillments()).toHaveLength(1);
      } finally {
        await bobContext.close();
      }
    });

    test("5. Carol never gets Acme's offer, and no cookie or body the browser forges changes that", async ({
      page,
      browser,
      server,
      sim,
    }) => {
      const alice = new DemoPage(page, style);
      await alice.open('Alice');
      const aliceAnswer = await alice.setUsage('storage_used_percent', 85);
      const aliceOffer = ((await aliceAnswer.json()) as { offers: Array<Record<string, string>> })
        .offers[0];
      expect(aliceOffer).toBeDefined();
      await expect(alice.prompt(STORAGE_TITLE)).toBeVisible();

      const carolContext = await browser.newContext({ baseURL: server.url });
      try {
        const carolPage = await carolContext.newPage();
        const carol = new DemoPage(carolPage, style);
        await carol.open('Carol');
        // Carol's own storage offer is issued to Globex, never Acme's personalized offer.
        const carolAnswer = await carol.setUsage('storage_used_percent', 85);
        const carolOffers = ((await carolAnswer.json()) as { offers: Array<{ id: string }> })
          .offers;
        expect(carolOffers.map((o) => o.id)).not.toContain(aliceOffer?.id);
        const issued = await sim.offers();
        expect(issued.filter((o) => o.customer_id === 'cus_acme')).toHaveLength(1);
        expect(issued.filter((o) => o.customer_id === 'cus_globex')).toHaveLength(
          carolOffers.length,
        );

        // The session cookie is httpOnly: page scripts can't read it.
        expect(await carolPage.evaluate(() => document.cookie)).not.toContain(
          'upsell_demo_session',
        );

        const callApi = (path: string, body: unknown) =>
          carolPage.evaluate(
            async ({ path, body }) => {
              const response = await fetch(path, {
                method: 'POST',
                headers: { 'Content-Type': 'application/json' },
                body: JSON.stringify(body),
              });
              return { status: response.status, body: (await response.text()) || null };
            },
            { path, body },
          );

        // Naming Acme in the body is refused outright.
        const named = await callApi('/api/upsell/offers', {
          custom: { storage_used_percent: 85 },
          customer_id: 'cus_acme',
        });
        expect(named.status).toBe(400);
        // Alice's token does not work for Carol.
        const foreignAccept = await callApi('/api/upsell/fulfillments', {
          token: aliceOffer?.token,
          option_id: 'add_100gb_storage',
        });
        expect(foreignAccept.status).toBe(403);
        const foreignEvent = await callApi('/api/upsell/events', {
          token: aliceOffer?.token,
          type: 'dismissed',
        });
        expect(foreignEvent.status).toBe(403);

        // Forged cookies: Alice's user id, Acme's customer id, Alice with Carol's signature.
        const cookies = await carolContext.cookies();
        const carolSession = cookies.find((c) => c.name === 'upsell_demo_session');
        expect(carolSession?.value).toMatch(/^carol\./);
        const signature = decodeURIComponent(carolSession?.value ?? '').split('.')[1] ?? '';
        for (const forged of ['alice', 'cus_acme', `alice.${signature}`]) {
          await carolContext.addCookies([
            { name: 'upsell_demo_session', value: forged, url: server.url },
          ]);
          const answer = await callApi('/api/upsell/offers', {
            custom: { storage_used_percent: 85 },
          });
          expect(answer.status, `cookie ${forged}`).toBe(401);
        }

        // With the forged cookie, a reload shows no offer and says the session is not valid.
        await carolPage.reload();
        await expect(carolPage.getByRole('alert')).toContainText('session is not valid');
        await expect(carolPage.getByRole('heading', { name: STORAGE_TITLE })).toHaveCount(0);

        // Nothing forged reached Chargebee on Acme's behalf.
        const acme = (await sim.offers()).filter((o) => o.customer_id === 'cus_acme');
        expect(acme).toHaveLength(1);
        expect(await sim.fulfillments()).toEqual([]);
        expect(await sim.eventsOf('dismissed')).toEqual([]);
      } finally {
        await carolContext.close();
      }
    });

    test('6a. A fulfillment the simulator fails shows the failure message', async ({
      page,
      sim,
    }) => {
      await sim.outcome('billing_update', {
        outcome: 'failed',
        errorCode: 'billing_update_failed',
      });
      const demo = new DemoPage(page, style);
      await demo.open('Alice');
      await demo.setUsage('storage_used_percent', 85);
      const prompt = demo.prompt(STORAGE_TITLE);
      await prompt.getByRole('button', { name: STORAGE_CTA }).click();
      // Announced assertively, with a next step.
      await expect(prompt.getByRole('alert')).toHaveText(
        'We could not update your subscription. Please check your payment method.',
      );
      await expect(prompt.getByRole('button', { name: 'Try again' })).toBeVisible();
      const fulfillments = await sim.fulfillments();
      expect(fulfillments).toHaveLength(1);
      expect(fulfillments[0]).toMatchObject({
        status: 'failed',
        error: { code: 'billing_update_failed' },
      });
    });

    test('6b. An upstream outage shows no prompt and no error, and the page keeps working', async ({
      page,
      sim,
    }) => {
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      const demo = new DemoPage(page, style);
      await demo.open('Alice');

      await sim.fault('personalized_offers', { status: 503, retryAfter: 1 });
      const down = await demo.setUsage('storage_used_percent', 85);
      expect(down.status()).toBe(503);
      await expect(demo.promptTitle(STORAGE_TITLE)).toHaveCount(0);
      await expect(page.getByRole('dialog')).toHaveCount(0);
      await expect(page.getByRole('alert')).toHaveCount(0);
      await expect(page.getByText('Something went wrong')).toHaveCount(0);
      await expect(page.getByRole('heading', { name: 'Workspace usage' })).toBeVisible();

      // The outage ends: the page is still alive and a later change brings the offer. The kit
      // holds its offer fetches for the Retry-After Chargebee sent (1 s, the fleet's back-off), so
      // a change within that second is answered 503 too; the user's next one is not.
      await sim.clearFaults();
      let percent = 86;
      await expect(async () => {
        const value = percent++;
        const back = waitForOffers(page, (custom) => custom.storage_used_percent === value);
        await demo.storage.fill(String(value));
        expect((await back).status()).toBe(200);
      }).toPass({ timeout: 10_000 });
      // The modal waits while a text field has focus (it never opens under the user's typing).
      await demo.storage.blur();
      await expect(demo.prompt(STORAGE_TITLE)).toBeVisible();
      expect(errors).toEqual([]);
    });

    test('7. AI credits at 95 % → the reward offer; accepting grants the credits', async ({
      page,
      sim,
    }) => {
      const demo = new DemoPage(page, style);
      await demo.open('Alice');
      await demo.setUsage('ai_credits_used_percent', 95);
      const prompt = demo.prompt("You're almost out of AI credits");
      await expect(prompt).toBeVisible();
      await prompt.getByRole('button', { name: 'Claim 50 bonus AI credits' }).click();

      await expect(prompt.getByRole('status')).toHaveText(
        'Done! 50 bonus AI credits added to your account.',
      );
      await expect(demo.activity.getByText('50 AI credits granted')).toBeVisible();
      await expect(page.getByText('+50 bonus AI credits granted')).toBeVisible();

      const grants = await sim.grants();
      expect(grants).toHaveLength(1);
      expect(grants[0]).toMatchObject({
        subscription_id: 'sub_acme',
        unit_id: 'ai_credits',
        amount: '50',
      });
      const fulfillments = await sim.fulfillments();
      expect(fulfillments).toHaveLength(1);
      expect(fulfillments[0]).toMatchObject({
        option_id: 'claim_50_ai_credits',
        status: 'completed',
      });
    });

    test('8. The checkout option opens the hosted checkout; paying completes the fulfillment', async ({
      page,
      sim,
    }) => {
      const demo = new DemoPage(page, style);
      await demo.open('Alice');
      await demo.setUsage('seats_used_percent', 95);
      const prompt = demo.prompt('Upgrade to Business');
      await expect(prompt).toBeVisible();

      const opened = page.waitForEvent('popup');
      await prompt.getByRole('button', { name: 'Upgrade to Business' }).click();
      const checkout = await opened;
      await expect(checkout.getByRole('heading', { name: 'Checkout' })).toBeVisible();
      await expect(checkout.getByText('Upgrade to Business').first()).toBeVisible();
      await checkout.getByRole('button', { name: 'Pay' }).click();
      await expect(checkout.getByRole('heading', { name: 'Payment complete' })).toBeVisible();

      await expect.poll(async () => (await sim.fulfillments())[0]?.status).toBe('completed');
      expect(await sim.fulfillments()).toHaveLength(1);
      expect((await sim.fulfillments())[0]).toMatchObject({ processing_type: 'checkout' });
      // The dashboard, still open, learns of the payment by polling.
      await expect(prompt.getByRole('status')).toHaveText(SUCCESS, { timeout: 15_000 });
    });

    test('9. Keyboard only: Tab reaches the CTA and Dismiss, Enter accepts, focus comes back', async ({
      page,
      sim,
    }) => {
      const demo = new DemoPage(page, style);
      await demo.open('Alice');
      // Start from the storage field and use nothing but the keyboard from here on.
      await demo.storage.focus();
      await page.keyboard.press('ControlOrMeta+A');
      const answered = waitForOffers(page, (custom) => custom.storage_used_percent === 85);
      await page.keyboard.type('85');
      await answered;
      const prompt = demo.prompt(STORAGE_TITLE);
      const cta = prompt.getByRole('button', { name: STORAGE_CTA });
      const dismissButton = prompt.getByRole('button', { name: 'Dismiss' });
      let opener = '';

      if (style === 'Modal') {
        // Issue 15: the offer is there, the user is still in the field: the modal waits (an
        // Enter now is the form's), and opens only once they left it and stopped typing.
        await expect(page.getByRole('dialog')).toHaveCount(0);
        await page.keyboard.press('Enter');
        // Leaving the field (Tab would land in the next usage field, and it would keep waiting).
        await demo.storage.evaluate((el) => (el as HTMLElement).blur());
        opener = 'body';
        await expect(prompt).toBeVisible();
        // Focus is on the dialog itself, never on the option: an Enter accepts nothing.
        await expect.poll(() => prompt.evaluate((el) => el === document.activeElement)).toBe(true);
        await page.keyboard.press('Enter');
        expect(await sim.fulfillments()).toHaveLength(0);
        // The page behind is inert while it is open.
        expect(await demo.storage.evaluate((el) => el.closest('[inert]') !== null)).toBe(true);
      } else {
        await expect(prompt).toBeVisible();
        // A banner or callout never takes focus: it stays in the field.
        await expect(demo.storage).toBeFocused();
      }
      // The banner sits above the storage card, the callout below it; the modal traps Tab.
      const key = style === 'Banner' ? 'Shift+Tab' : 'Tab';
      const seen = new Set<string>();
      for (let i = 0; i < 12 && !(seen.has(STORAGE_CTA) && seen.has('Dismiss')); i++) {
        await page.keyboard.press(key);
        seen.add(await focusedName(page));
      }
      expect([...seen]).toEqual(expect.arrayContaining([STORAGE_CTA, 'Dismiss']));

      for (let i = 0; i < 12; i++) {
        if (await cta.evaluate((el) => el === document.activeElement)) break;
        await page.keyboard.press(key);
      }
      await expect(cta).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(prompt.getByRole('status')).toHaveText(SUCCESS);
      expect(await sim.fulfillments()).toHaveLength(1);

      if (style === 'Modal') {
        // Closing the dialog (Escape) puts focus back where it was when the dialog opened.
        await page.keyboard.press('Escape');
        await expect(prompt).toBeHidden();
        expect(await page.evaluate(() => document.activeElement?.tagName.toLowerCase())).toBe(
          opener,
        );
      } else {
        await expect(dismissButton).toBeVisible();
      }
    });
  });
}
