// Child process: the Chargebee simulator on loopback, the upstream of every benchmarked server.
// Its own process, so that its state (every offer and event it records) does not weigh on the
// servers measured. Reports { url, apiKey, site } over IPC; exits when the parent disconnects.
// Argument (optional): JSON `{ apiLimit?: number }`, Chargebee's API limit to model (off unless
// given: the throughput runs send thousands of calls a second).
import type { Simulator, SimulatorOptions } from '@upsell-kit/chargebee-simulator';
import { assertBuilt, dist, importFile } from './paths';

assertBuilt([dist.simulator]);
const { createSimulator } = await importFile<{
  createSimulator: (options?: SimulatorOptions) => Simulator;
}>(dist.simulator);
const { apiLimit } = JSON.parse(process.argv[2] ?? '{}') as { apiLimit?: number };
const sim = createSimulator(apiLimit ? { apiLimit: { requestsPerMinute: apiLimit } } : {});
const server = await sim.listen({ port: 0, host: '127.0.0.1' });
process.send?.({
  type: 'upstream',
  url: server.url,
  apiKey: sim.options.apiKey,
  site: sim.options.site,
});
process.on('disconnect', () => {
  void server.close().finally(() => process.exit(0));
});
