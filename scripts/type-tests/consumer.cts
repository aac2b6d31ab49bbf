/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS consumer, on purpose */
// The same entries as a CommonJS consumer resolves them (`require` conditions, .d.cts files).
// Not the simulator: its peer msw 3 ships ESM only, which a CommonJS file may `require` on Node
// 22.12+ but TypeScript models only from 5.8 (`module: nodenext`); the simulator is a dev tool
// used from ESM test setups.
import core = require('@upsell-kit/core');
import contract = require('@upsell-kit/core/contract');
import schemas = require('@upsell-kit/core/schemas');
import react = require('@upsell-kit/react');
import arbitration = require('@upsell-kit/react/arbitration');
import debug = require('@upsell-kit/react/debug');
import de = require('@upsell-kit/react/locales/de');
import ja = require('@upsell-kit/react/locales/ja');
import server = require('@upsell-kit/server');
import express = require('@upsell-kit/server/express');
import next = require('@upsell-kit/server/next');
import node = require('@upsell-kit/server/node');
import redis = require('@upsell-kit/server/redis');

export type Entries = [
  typeof core,
  typeof contract,
  typeof schemas,
  typeof react,
  typeof arbitration,
  typeof debug,
  typeof de,
  typeof ja,
  typeof server,
  typeof express,
  typeof next,
  typeof node,
  typeof redis,
];

export const client: core.UpsellClient = core.createUpsellClient({ baseUrl: '/api/upsell' });
export const messages: react.UpsellLocaleMessages = de.de;
