import {
  completeFulfillment,
  failFulfillment,
  refreshFulfillment,
  seconds,
  type HostedPageState,
  type SimState,
} from './state';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Offer titles are HTML; the page shows them as plain text. */
function textOf(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function page(status: number, title: string, body: string): Response {
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1a1a1a}button{font:inherit;padding:.5rem 1.25rem;margin:.25rem .5rem .25rem 0;cursor:pointer}form{display:inline}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
  return new Response(html, {
    status,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

function httpUrl(value: string | null): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

function returnUrl(hp: HostedPageState): string | undefined {
  if (!hp.redirectUrl) return undefined;
  try {
    const url = new URL(hp.redirectUrl);
    url.searchParams.set('id', hp.wire.id);
    url.searchParams.set('state', hp.wire.state);
    return url.toString();
  } catch {
    return undefined;
  }
}

function finishedPage(hp: HostedPageState, status = 200): Response {
  const done = hp.wire.state === 'succeeded';
  const back = returnUrl(hp) ?? hp.openedFrom;
  return page(
    status,
    done ? 'Payment complete' : 'Checkout cancelled',
    `<h1>${done ? 'Payment complete' : 'Checkout cancelled'}</h1>
<p role="status">${done ? 'Thank you! Your plan has been updated.' : 'No payment was taken.'}</p>
${back ? `<p><a href="${escapeHtml(back)}">Return to the app</a></p>` : ''}`,
  );
}

/** GET /hosted_pages/{id}, POST /hosted_pages/{id}/pay and /abandon (plain HTML forms, no script). */
export function hostedPage(
  state: SimState,
  request: Request,
  id: string,
  action: string | undefined,
): Response {
  const hp = state.hostedPages.get(id);
  if (!hp)
    return page(
      404,
      'Checkout not found',
      '<h1>Checkout not found</h1><p>This checkout link is not valid.</p>',
    );
  const fulfillment = state.fulfillments.get(hp.fulfillmentId);
  if (fulfillment) refreshFulfillment(state, fulfillment);
  if (hp.wire.state === 'created' || hp.wire.state === 'cancelled') {
    // Chargebee's checkout links expire after 3 hours (the fulfillment then fails).
    if (state.clock.now() >= hp.wire.expires_at * 1000) {
      return page(
        410,
        'Checkout expired',
        '<h1>Checkout expired</h1><p role="status">This checkout link has expired. No payment was taken.</p>',
      );
    }
  }

  if (request.method === 'GET' && !action) {
    if (hp.wire.state !== 'created') return finishedPage(hp);
    hp.openedFrom ??= httpUrl(request.headers.get('referer'));
    const title = textOf(hp.offerTitle);
    const base = `/hosted_pages/${encodeURIComponent(id)}`;
    return page(
      200,
      `Checkout: ${hp.optionLabel}`,
      `<h1>Checkout</h1>
<p>${escapeHtml(title)}</p>
<p>You are buying: <strong>${escapeHtml(hp.optionLabel)}</strong></p>
<p>This is the Chargebee simulator's test checkout. No real payment is taken.</p>
<form method="post" action="${base}/pay"><button type="submit">Pay</button></form>
<form method="post" action="${base}/abandon"><button type="submit">Abandon</button></form>`,
    );
  }

  if (request.method !== 'POST' || (action !== 'pay' && action !== 'abandon')) {
    return page(405, 'Not allowed', '<h1>Not allowed</h1>');
  }
  if (hp.wire.state !== 'created' || !fulfillment || fulfillment.wire.status !== 'in_progress') {
    return finishedPage(hp, 409);
  }
  const now = state.clock.now();
  if (action === 'pay') {
    completeFulfillment(fulfillment, now);
    hp.wire.state = 'succeeded';
  } else {
    failFulfillment(fulfillment, now, 'checkout_abandoned');
    hp.wire.state = 'cancelled';
  }
  hp.wire.updated_at = seconds(now);
  const back = returnUrl(hp);
  // Like Chargebee's hosted pages: go back to the merchant with ?id=…&state=… when there is a place to go.
  if (back)
    return new Response(null, {
      status: 303,
      headers: { Location: back, 'Cache-Control': 'no-store' },
    });
  return finishedPage(hp);
}
