import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Simulator } from '@upsell-kit/chargebee-simulator';
import type { Identity } from '@upsell-kit/core';
import { createUpsellHandler, promotionalCredits } from '@upsell-kit/server';
import type { UpsellServerEvent, UpsellStore } from '@upsell-kit/server';
import { toExpressMiddleware } from '@upsell-kit/server/express';
import { createKeepAliveTransport } from '@upsell-kit/server/node';
import express from 'express';
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from 'express';
import type { ActivityEntry, DemoActivityResponse, DemoSessionResponse } from '../shared/demo-api';
import { ActivityLog } from './activity';
import { DemoPlans } from './plans';
import { readApiBudget } from './api-budget';
import type { MaybeWithStats } from './api-budget';
import type { DemoConfig } from './config';
import { SESSION_COOKIE, readCookie, sessionCookie, signSession, verifySession } from './session';
import { DEMO_USERS, findUser, summarize } from './users';
import type { DemoUser } from './users';

/** Everything the demo server is made of, for `server.ts` and for tests. */
export interface DemoAppOptions {
  config: DemoConfig;
  /** Chargebee connection handed to the upsell handler. */
  chargebee: { site: string; apiKey: string; baseUrl?: string };
  /** The embedded simulator, when the demo runs without a Chargebee site. */
  simulator?: Simulator;
  /** Fulfillment records and rate-limit counters (Redis when REDIS_URL is set). */
  store?: UpsellStore;
  /** Where server-side diagnostics go. @default console */
  logger?: Pick<Console, 'info' | 'warn' | 'error'>;
}

/** The reward offer's credits: granted by this server when Chargebee sends the webhook option. */
const AI_CREDIT_REWARD = { unitId: 'ai_credits', amount: '50', expiresIn: 30 * 86_400 };

function sameOriginJsonPost(req: ExpressRequest, res: ExpressResponse, next: NextFunction): void {
  // The demo's own POSTs follow the kit's cross-site rules, so a foreign page can't sign a
  // visitor in as someone else (login CSRF) or reset the simulator.
  if (!req.is('application/json')) {
    res.status(415).json({ error: { code: 'unsupported_media_type', message: 'Send JSON.' } });
    return;
  }
  const origin = req.get('origin');
  const site = req.get('sec-fetch-site');
  const own = `${req.protocol}://${req.get('host') ?? ''}`;
  if (site === 'cross-site' || (origin !== undefined && origin !== own)) {
    res
      .status(403)
      .json({ error: { code: 'cross_site_request', message: 'Cross-site request refused.' } });
    return;
  }
  next();
}

/** Builds the demo's Express app: the page, the demo endpoints and the upsell router. */
export function createDemoApp(options: DemoAppOptions): express.Express {
  const { config, simulator } = options;
  const logger = options.logger ?? console;
  // A key of its own for sessions, derived so that one UPSELL_SECRET configures both.
  const sessionSecret = createHmac('sha256', config.secret)
    .update('demo-session-key')
    .digest('hex');
  const log = new ActivityLog();
  const plans = new DemoPlans();

  const userOf = (cookieHeader: string | null | undefined): DemoUser | undefined => {
    const userId = verifySession(readCookie(cookieHeader, SESSION_COOKIE), sessionSecret);
    return userId ? findUser(userId) : undefined;
  };

  const upsell = createUpsellHandler({
    // Keep-alive connections to Chargebee (or the simulator): the recommended setup on Node.
    chargebee: { ...options.chargebee, transport: createKeepAliveTransport() },
    secret: config.secret,
    ...(options.store ? { store: options.store } : {}),
    // The server decides who is asking: the signed cookie names a demo user, and only this
    // table maps users to Chargebee customers. Nothing in the request body can change it.
    identify: (request: Request): Identity | null => {
      const user = userOf(request.headers.get('cookie'));
      if (!user) return null;
      return {
        customerId: user.customerId,
        subscriptionId: user.subscriptionId,
        email: user.email,
        firstName: user.firstName,
        externalUserId: user.id,
      };
    },
    fulfill: { claim_50_ai_credits: promotionalCredits(AI_CREDIT_REWARD) },
    // The page's "why no offer?" panel (development builds) reads what only the server knows.
    debug: process.env.NODE_ENV !== 'production',
    onEvent: (event) => {
      log.add(describeServerEvent(event));
      // What an accept changed, on this server: the page re-reads it (onCompleted).
      if (event.type === 'completed' && event.identity?.subscriptionId && event.optionId) {
        plans.fulfilled(event.identity.subscriptionId, event.optionId);
      }
    },
    logger,
  });

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);

  app.use('/api/upsell', toExpressMiddleware(upsell));

  const demo = express.Router();
  demo.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });

  demo.get('/session', (req, res) => {
    const user = userOf(req.get('cookie'));
    const body: DemoSessionResponse = {
      user: user ? summarize(user) : null,
      sessionRejected: !user && readCookie(req.get('cookie'), SESSION_COOKIE) !== undefined,
      users: DEMO_USERS.map(summarize),
      chargebee: simulator
        ? 'simulator'
        : options.chargebee.baseUrl
          ? 'custom-base-url'
          : 'chargebee',
    };
    res.json(body);
  });

  demo.post('/login', sameOriginJsonPost, express.json({ limit: '1kb' }), (req, res) => {
    const userId: unknown = (req.body as { userId?: unknown } | undefined)?.userId;
    const user = typeof userId === 'string' ? findUser(userId) : undefined;
    if (!user) {
      res.status(400).json({ error: { code: 'invalid_request', message: 'Unknown demo user.' } });
      return;
    }
    res.set(
      'Set-Cookie',
      sessionCookie(signSession(user.id, sessionSecret), { secure: req.secure }),
    );
    res.json({ user: summarize(user) });
  });

  demo.get('/activity', async (req, res) => {
    const user = userOf(req.get('cookie'));
    const body: DemoActivityResponse = {
      ...activity(simulator, log, user),
      apiBudget: await readApiBudget(simulator, upsell as MaybeWithStats),
    };
    res.json(body);
  });

  demo.get('/plan', (req, res) => {
    const user = userOf(req.get('cookie'));
    if (!user) {
      res.status(401).json({ error: { code: 'unauthenticated', message: 'Sign in first.' } });
      return;
    }
    res.json(plans.get(user.subscriptionId));
  });

  demo.post('/reset', sameOriginJsonPost, (_req, res) => {
    if (!simulator) {
      res.status(404).json({
        error: { code: 'not_found', message: 'Reset exists only with the embedded simulator.' },
      });
      return;
    }
    simulator.reset();
    log.clear();
    plans.clear();
    // The server forgets what the simulator forgot (dismissed offers it hides, fulfillment
    // records, cached offers, budget windows), and a 429 the last visitor provoked (the API
    // budget meter's refusal) no longer holds the next one.
    upsell.reset().then(
      () => res.status(204).end(),
      (error: unknown) =>
        res.status(500).json({ error: { code: 'internal_error', message: String(error) } }),
    );
  });

  app.use('/demo', demo);

  if (simulator) {
    // The embedded simulator's hosted checkout pages, served on the demo's own origin so the
    // page can open them wherever the demo is reached from (the simulator listens on loopback).
    app.all('/hosted_pages/{*rest}', async (req, res) => {
      const url = new URL(req.originalUrl, simulator.options.publicUrl);
      // The page's Pay / Abandon forms carry no fields: method and path are all it needs.
      const response = await simulator.handle(new Request(url, { method: req.method }));
      res.status(response.status);
      response.headers.forEach((value, name) => {
        if (name === 'location') {
          // A same-simulator redirect stays on the demo's origin.
          const location = new URL(value, url);
          res.set(
            'location',
            location.origin === url.origin ? location.pathname + location.search : value,
          );
        } else res.set(name, value);
      });
      res.send(Buffer.from(await response.arrayBuffer()));
    });
  }

  // The built page. Hashed assets are immutable; index.html is not cached.
  const indexHtml = join(config.clientDir, 'index.html');
  app.use(
    '/assets',
    express.static(join(config.clientDir, 'assets'), { immutable: true, maxAge: '1y' }),
  );
  app.use(express.static(config.clientDir, { index: false }));
  app.get('/', (_req, res) => {
    if (!existsSync(indexHtml)) {
      res
        .status(500)
        .type('text')
        .send('The page is not built: run `pnpm demo` from the repo root.');
      return;
    }
    res.set('Cache-Control', 'no-store').sendFile(indexHtml);
  });

  app.use((_req, res) => {
    res.status(404).json({ error: { code: 'not_found', message: 'Not found.' } });
  });
  return app;
}

function activity(
  simulator: Simulator | undefined,
  log: ActivityLog,
  user: DemoUser | undefined,
): Omit<DemoActivityResponse, 'apiBudget'> {
  if (!simulator) {
    return {
      source: 'server-log',
      events: log.list('event'),
      fulfillments: log.list('fulfillment'),
      grants: log.list('grant'),
      balances: {},
    };
  }
  const inspect = simulator.inspect;
  const events: ActivityEntry[] = inspect.events().map((event, index) => ({
    id: `event_${index}`,
    kind: 'event',
    summary: `${event.type} · ${event.personalized_offer_id}`,
    subject: event.customer_id,
    at: event.at,
  }));
  const fulfillments: ActivityEntry[] = inspect.fulfillments().map((fulfillment) => ({
    id: fulfillment.id,
    kind: 'fulfillment',
    summary: `${fulfillment.processing_type ?? 'fulfillment'} · ${fulfillment.id}`,
    subject: fulfillment.personalized_offer_id,
    at: fulfillment.created_at ? fulfillment.created_at * 1000 : 0,
    status: fulfillment.status,
  }));
  const grants: ActivityEntry[] = inspect.grants().map((grant, index) => ({
    id: `grant_${index}`,
    kind: 'grant',
    summary: `${grant.amount} ${unitName(grant.unit_id)} granted`,
    subject: grant.subscription_id,
    at: grant.at,
  }));
  return {
    source: 'simulator',
    events,
    fulfillments,
    grants,
    balances: user ? simulator.balances(user.subscriptionId) : {},
  };
}

function unitName(unitId: string): string {
  return unitId === 'ai_credits' ? 'AI credits' : unitId.replace(/_/g, ' ');
}

function describeServerEvent(event: UpsellServerEvent): Omit<ActivityEntry, 'id' | 'at'> {
  const kind: ActivityEntry['kind'] =
    event.type === 'accepted' || event.type === 'completed' || event.type === 'failed'
      ? 'fulfillment'
      : 'event';
  const id = event.fulfillmentId ?? event.personalizedOfferId ?? event.offerId;
  return {
    kind,
    summary: id ? `${event.type} · ${id}` : event.type,
    subject: event.identity?.customerId ?? '',
    ...(event.reason ? { status: event.reason } : {}),
  };
}
