// Render cost of an offer (part of `pnpm bench`): sanitizing its HTML and rendering the banner,
// for a typical offer and a 10 KB one, in jsdom. Before the timings it COUNTS DOMPurify runs, to
// show that sanitizing happens once per offer content, not once per render or per prompt; those
// counts are exact, so a regression there fails the bench. The timings are only printed.
import { createUpsellClient, sanitizeOfferHtml } from '@upsell-kit/core';
import type { OffersResponse } from '@upsell-kit/core';
import { UpsellBanner, UpsellProvider } from '@upsell-kit/react';
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';
import { test, vi } from 'vitest';
import type * as DOMPurifyModule from 'dompurify';

/** How many times DOMPurify sanitized something, across every instance (the kit makes its own). */
const purify = vi.hoisted(() => ({ calls: 0 }));
vi.mock('dompurify', async (importOriginal) => {
  const actual = await importOriginal<typeof DOMPurifyModule>();
  const createDOMPurify = actual.default;
  const counted = ((root?: Parameters<typeof createDOMPurify>[0]) => {
    const instance = createDOMPurify(root);
    const sanitize = instance.sanitize.bind(instance) as (...args: unknown[]) => string;
    (instance as unknown as { sanitize: unknown }).sanitize = (...args: unknown[]) => {
      purify.calls += 1;
      return sanitize(...args);
    };
    return instance;
  }) as unknown as typeof createDOMPurify;
  return { ...actual, default: counted };
});

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** Chargebee's formatting: slate paragraphs, bold, a link, a list. */
const typical = {
  title: '<div class="slate-p">Running out of storage?</div>',
  description:
    '<div class="slate-p">You\'ve used <strong>82%</strong> of your storage. Add 100 GB for ' +
    '<b>$5/month</b> and keep everything in one place. <a href="https://example.com/pricing">See pricing</a>.</div>',
};

/** About 10 KB of the same formatting, plus the kind of junk the sanitizer must drop. */
function largeDescription(): string {
  const block =
    '<div class="slate-p">Your team uploaded <strong>1,240 files</strong> this week; <em>storage</em> ' +
    'is at <b>82%</b>. <a href="https://example.com/plans" onclick="steal()">Compare plans</a></div>' +
    '<ul class="slate-ul"><li>100 GB more</li><li>Priority support</li><li><span style="color:red">Cancel anytime</span></li></ul>' +
    '<img src=x onerror="alert(1)"><script>alert(1)</script>';
  let html = '';
  while (html.length < 10 * 1024) html += block;
  return html;
}
const large = {
  title: '<div class="slate-p">Your team is <strong>growing fast</strong></div>',
  description: largeDescription(),
};

function offersResponse(content: { title: string; description: string }): OffersResponse {
  return {
    offers: [
      {
        id: 'po_bench',
        offer_id: 'storage_upsell',
        token: 'bench-token',
        content,
        options: [
          {
            id: 'add_100gb_storage',
            label: 'Add 100 GB storage',
            processing_type: 'billing_update',
            processing_layout: 'in_app',
            redirect_url: null,
          },
        ],
      },
    ],
    expires_at: Math.floor(Date.now() / 1000) + 3600,
    brand: null,
  };
}

/** The kit's real client over a fetch that answers like the server, with no network. */
function clientFor(content: { title: string; description: string }) {
  const body = JSON.stringify(offersResponse(content));
  return createUpsellClient({
    baseUrl: '/api/upsell',
    fetch: async (input) =>
      String(input).endsWith('/offers')
        ? new Response(body, { status: 200, headers: { 'content-type': 'application/json' } })
        : new Response(null, { status: 204 }),
  });
}

interface Mounted {
  root: Root;
  container: HTMLElement;
  render: (tick: number) => void;
}

/** Mounts `prompts` banners with the same context and waits until they show the offer. */
async function mount(
  content: { title: string; description: string },
  prompts = 1,
): Promise<Mounted> {
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  const client = clientFor(content);
  const render = (tick: number) =>
    root.render(
      <UpsellProvider client={client}>
        {Array.from({ length: prompts }, (_, i) => (
          <UpsellBanner key={i} custom={{ storage_used_percent: 82 }} className={`tick-${tick}`} />
        ))}
      </UpsellProvider>,
    );
  await act(async () => render(0));
  for (
    let i = 0;
    i < 100 && container.querySelectorAll('[data-state="ready"]').length < prompts;
    i++
  ) {
    await act(() => new Promise((resolve) => setTimeout(resolve, 0)));
  }
  if (container.querySelectorAll('[data-state="ready"]').length < prompts) {
    throw new Error(
      `render bench: the banner never reached data-state="ready": ${container.innerHTML.slice(0, 300)}`,
    );
  }
  return { root, container, render };
}

function unmount({ root, container }: Mounted) {
  act(() => root.unmount());
  container.remove();
}

// ---- Counts (exact; fail the bench when sanitizing happens per render) ----------------------

const counts: string[] = [];
function expectCalls(what: string, calls: number, expected: number) {
  const ok = calls === expected;
  counts.push(
    `${ok ? '✔' : '✘'} ${what}: ${calls} DOMPurify call(s)${ok ? '' : `, expected ${expected}`}`,
  );
  return ok;
}

let allOk = true;
for (const [name, content] of [
  ['typical offer', typical],
  ['10 KB offer', large],
] as const) {
  purify.calls = 0;
  const mounted = await mount(content);
  // Title and description: one sanitize each on first display.
  allOk = expectCalls(`${name}, first display`, purify.calls, 2) && allOk;
  purify.calls = 0;
  for (let tick = 1; tick <= 100; tick++) act(() => mounted.render(tick));
  allOk = expectCalls(`${name}, 100 re-renders`, purify.calls, 0) && allOk;
  unmount(mounted);
  purify.calls = 0;
  const ten = await mount(content, 10);
  allOk = expectCalls(`${name}, 10 banners mounted with the same offer`, purify.calls, 0) && allOk;
  unmount(ten);
}
console.log(
  `\nSanitizing per offer content, not per render (${large.description.length} B large description):`,
);
for (const line of counts) console.log(`  ${line}`);
if (!allOk) throw new Error('render bench: offer HTML was sanitized more than once per content');

// ---- Timings (printed only) ---------------------------------------------------------------------

const quick = Boolean(process.env.BENCH_QUICK);
const options = { time: quick ? 200 : 1000, warmupTime: quick ? 50 : 200 };

let unique = 0;
/** A never-seen string each time, so the memo cannot answer: the real DOMPurify cost. */
const fresh = (html: string) => `${html}<span>${unique++}</span>`;

// Vitest 5: a benchmark belongs to a test, which registers its cases on the test context's
// `bench` and runs them side by side (`bench.compare` prints one table per test).
test('sanitizeOfferHtml', async ({ bench }) => {
  await bench.compare(
    bench('typical offer, first time (title + description)', () => {
      sanitizeOfferHtml(fresh(typical.title));
      sanitizeOfferHtml(fresh(typical.description));
    }),
    bench('10 KB offer, first time (title + description)', () => {
      sanitizeOfferHtml(fresh(large.title));
      sanitizeOfferHtml(fresh(large.description));
    }),
    bench('10 KB offer, again (memoized)', () => {
      sanitizeOfferHtml(large.title);
      sanitizeOfferHtml(large.description);
    }),
    options,
  );
});

const ready: Record<string, Mounted> = {
  typical: await mount(typical),
  large: await mount(large),
};
let tick = 0;

test('re-render of a ready UpsellBanner (React 19, jsdom)', async ({ bench }) => {
  await bench.compare(
    bench('typical offer', () => {
      act(() => ready.typical!.render(++tick));
    }),
    bench('10 KB offer', () => {
      act(() => ready.large!.render(++tick));
    }),
    options,
  );
});

test('mount → ready → unmount of an UpsellBanner (fetch answered in memory)', async ({ bench }) => {
  await bench.compare(
    bench('typical offer', async () => {
      unmount(await mount(typical));
    }),
    bench('10 KB offer', async () => {
      unmount(await mount(large));
    }),
    { ...options, time: quick ? 200 : 1500 },
  );
});
