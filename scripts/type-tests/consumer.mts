// A consumer of every public entry of the built packages, as an ESM app sees them. Compiled by
// scripts/check-types.mjs with each supported TypeScript (see the README's testing section):
// the declarations we publish must stay readable by the oldest one.
import * as core from '@upsell-kit/core';
import type * as contract from '@upsell-kit/core/contract';
import type * as schemas from '@upsell-kit/core/schemas';
import * as react from '@upsell-kit/react';
import { de } from '@upsell-kit/react/locales/de';
import { es } from '@upsell-kit/react/locales/es';
import { fr } from '@upsell-kit/react/locales/fr';
import { ja } from '@upsell-kit/react/locales/ja';
import * as arbitration from '@upsell-kit/react/arbitration';
import * as debug from '@upsell-kit/react/debug';
import * as server from '@upsell-kit/server';
import * as express from '@upsell-kit/server/express';
import * as next from '@upsell-kit/server/next';
import * as node from '@upsell-kit/server/node';
import type * as redis from '@upsell-kit/server/redis';
import * as simulator from '@upsell-kit/chargebee-simulator';
import * as testing from '@upsell-kit/chargebee-simulator/testing';
import * as simulatorVite from '@upsell-kit/chargebee-simulator/vite';

// Every export's type is resolved, not just the module names.
export type Entries = [
  typeof core,
  typeof contract,
  typeof schemas,
  typeof react,
  typeof arbitration,
  typeof debug,
  typeof server,
  typeof express,
  typeof next,
  typeof node,
  typeof redis,
  typeof simulator,
  typeof testing,
  typeof simulatorVite,
];

// The main paths of the README, type-checked against the published declarations.
export const client: core.UpsellClient = core.createUpsellClient({ baseUrl: '/api/upsell' });
export const handler: server.UpsellHandler = server.createUpsellHandler({
  chargebee: { site: 'acme-test', apiKey: 'test_key' },
  identify: async () => ({ customerId: 'c_1', subscriptionId: 's_1' }),
});
export const routes = next.toNextHandler(handler);
export const router = express.upsellRouter(handler);
export const listener = node.toNodeListener(handler);
export const banner = react.UpsellBanner({ custom: { storage_used_percent: 82 } });
// The opt-in locales: complete message sets, as the provider takes them.
export const locales: react.UpsellLocaleMessages[] = [de, es, fr, ja];
export const provider = react.UpsellProvider({ locale: 'de-DE', messages: de, children: null });
export const arbiter: arbitration.UpsellPromptArbiter = arbitration.createPromptArbiter({
  maxVisible: 1,
});
export const arbitrated = react.UpsellProvider({ arbiter, onCompleted: () => undefined });
export const panel = debug.UpsellDebugPanel({});
export const capped = server.createUpsellHandler({
  chargebee: { site: 'acme-test', apiKey: 'test_key' },
  identify: () => null,
  frequency: { app: { max: 2, per: '24h' }, placements: { '*': { max: 1, per: 3_600_000 } } },
  debug: true,
});
export const sim: simulator.Simulator = simulator.createSimulator();
// An app's component tests: its own handler, with the simulator's `chargebee` (transport included).
export const backend: testing.UpsellTestBackend = testing.createUpsellTestBackend({
  handler: (chargebee) =>
    server.createUpsellHandler({ chargebee, identify: () => null, secret: 'x'.repeat(32) }),
});
export const vitePlugin = simulatorVite.chargebeeInTheBrowser();
export type RedisOptions = Parameters<typeof redis.createRedisStore>[0];
