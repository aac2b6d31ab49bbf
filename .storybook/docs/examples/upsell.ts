// lib/upsell.ts — the server side: one handler, your auth, your Chargebee site.
import { createUpsellHandler, promotionalCredits, type Identity } from '@upsell-kit/server';

// Your auth goes here: resolve the session cookie to the signed-in user's Chargebee ids.
async function userFromSession(sessionId: string | undefined): Promise<Identity | null> {
  const sessions: Record<string, Identity> = {
    'demo-session-alice': {
      customerId: 'cus_acme',
      subscriptionId: 'sub_acme',
      externalUserId: 'alice',
    },
  };
  return (sessionId && sessions[sessionId]) || null;
}

export const upsell = createUpsellHandler({
  chargebee: {
    site: process.env.CHARGEBEE_SITE!,
    apiKey: process.env.CHARGEBEE_API_KEY!, // never leaves the server
  },
  secret: process.env.UPSELL_SECRET, // ≥ 32 bytes: `openssl rand -base64 32`
  identify: (request) => {
    const sessionId = request.headers.get('cookie')?.match(/(?:^|;\s*)session=([^;]+)/)?.[1];
    return userFromSession(sessionId); // null → 401, and no call to Chargebee
  },
  // Optional: grant 50 AI credits when the AI-credits offer (a webhook option) is accepted.
  fulfill: {
    ai_credits_reward: promotionalCredits({
      unitId: 'ai_credits',
      amount: '50',
      expiresIn: 30 * 24 * 60 * 60, // seconds
    }),
  },
});
