import type { Simulator } from '@upsell-kit/chargebee-simulator';
import { createUpsellHandler } from '@upsell-kit/server';
import { toNextHandler } from '@upsell-kit/server/next';
import { SESSION_COOKIE, readCookie, serverSecret, verifySession } from './session';
import { findUser } from './users';

type Handlers = ReturnType<typeof toNextHandler>;

interface UpsellState {
  handlers?: Promise<Handlers>;
  simulator?: Simulator;
}

// One handler (and one embedded simulator) per server process, whichever route module asks.
const state = globalThis as typeof globalThis & { __upsellExample?: UpsellState };
const shared = (state.__upsellExample ??= {});

async function chargebeeConnection() {
  const site = process.env.CHARGEBEE_SITE?.trim();
  const apiKey = process.env.CHARGEBEE_API_KEY?.trim();
  const baseUrl = process.env.CHARGEBEE_BASE_URL?.trim() || undefined;
  if (site && apiKey) return { site, apiKey, ...(baseUrl ? { baseUrl } : {}) };

  // No Chargebee site configured: run the simulator on loopback, started on first use (never
  // during `next build`).
  const { createSimulator } = await import('@upsell-kit/chargebee-simulator');
  const simulator = createSimulator({});
  const port = Number(process.env.SIMULATOR_PORT ?? 0);
  const running = await simulator.listen({ port, host: '127.0.0.1' });
  shared.simulator = simulator;
  console.info(`[next-example] Chargebee simulator at ${running.url}`);
  return { site: simulator.options.site, apiKey: simulator.options.apiKey, baseUrl: running.url };
}

async function create(): Promise<Handlers> {
  const handler = createUpsellHandler({
    chargebee: await chargebeeConnection(),
    secret: serverSecret(),
    // Identity comes from the signed, httpOnly session cookie; never from the request body.
    identify: (request) => {
      const user = findUser(
        verifySession(readCookie(request.headers.get('cookie'), SESSION_COOKIE)),
      );
      if (!user) return null;
      return {
        customerId: user.customerId,
        subscriptionId: user.subscriptionId,
        email: user.email,
        firstName: user.name,
        externalUserId: user.id,
      };
    },
  });
  return toNextHandler(handler);
}

/** The route handlers of app/api/upsell/[...path]/route.ts, created once per process. */
export function upsellHandlers(): Promise<Handlers> {
  shared.handlers ??= create().catch((error: unknown) => {
    shared.handlers = undefined; // try again on the next request
    throw error;
  });
  return shared.handlers;
}
