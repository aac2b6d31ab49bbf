#!/usr/bin/env node
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createSimulator } from './create-simulator';
import type { Scenario } from './scenario';
import type { SimulatorOptions } from './simulator';

const USAGE = `Usage: upsell-simulator [--port 4010] [--host 127.0.0.1] [--config scenario.json] [--api-key KEY] [--site SITE] [--public-url URL] [--api-limit 150|off]

Runs a local Chargebee Growth simulator (personalized offers, offer events, fulfillments,
promotional grants, hosted checkout pages and the /__simulator control API).
Like a Chargebee test site it allows 150 API calls in any 60 s (--api-limit N to change, off to lift).`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4010' },
      host: { type: 'string', default: '127.0.0.1' },
      config: { type: 'string' },
      'api-key': { type: 'string' },
      site: { type: 'string' },
      'public-url': { type: 'string' },
      'api-limit': { type: 'string', default: '150' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0-65535, got ${values.port}`);

  const limit = values['api-limit'];
  const perMinute = Number(limit);
  if (limit !== 'off' && (!Number.isInteger(perMinute) || perMinute < 1))
    throw new Error(`--api-limit must be a whole number of calls per minute or off, got ${limit}`);

  // The CLI stands in for a Chargebee test site, so the limit is on unless lifted.
  const options: SimulatorOptions = {
    apiLimit: limit === 'off' ? false : { requestsPerMinute: perMinute },
  };
  if (values['api-key']) options.apiKey = values['api-key'];
  if (values.site) options.site = values.site;
  if (values['public-url']) options.publicUrl = values['public-url'];
  if (values.config) {
    const text = await readFile(values.config, 'utf8');
    try {
      options.scenario = JSON.parse(text) as Scenario;
    } catch (error) {
      throw new Error(`--config ${values.config} is not valid JSON: ${(error as Error).message}`);
    }
  }
  const simulator = createSimulator(options);
  const server = await simulator.listen({ port, host: values.host });
  const key = simulator.options.apiKey;
  const keyHint = options.apiKey ? `${key.slice(0, 5)}… (from --api-key)` : key;
  console.log(`Chargebee simulator listening on ${server.url}`);
  console.log(`  API:      ${server.url}/api/v2  (Basic auth, user = API key, empty password)`);
  console.log(`  API key:  ${keyHint}`);
  console.log(`  Site:     ${simulator.options.site}`);
  const { apiLimit } = simulator.options;
  console.log(
    `  Limit:    ${apiLimit ? `${apiLimit.requestsPerMinute} API calls in any 60 s (--api-limit)` : 'off'}`,
  );
  console.log(
    `  Control:  ${server.url}/__simulator/{events,fulfillments,grants,requests,offers,api-usage}`,
  );

  const stop = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`upsell-simulator: ${error instanceof Error ? error.message : String(error)}`);
  console.error(USAGE);
  process.exit(1);
});
