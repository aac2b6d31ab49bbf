// `pnpm bench`: how much the server adapter costs, and what rendering an offer costs.
//
// 1. Throughput and latency of POST /offers, POST /events and GET /fulfillments/{id} through
//    (a) the Fetch handler on node:http, (b) the Express adapter, (c) a bare node:http
//    pass-through proxy making the same upstream call (the floor), all against the Chargebee
//    simulator on loopback, with autocannon. Prints req/s, p50, p99, and the ratios (a)/(c) and
//    (b)/(c) measured in the same run. Rate limits are off for these runs.
// 2. Memory: a fresh Fetch-handler process (default rate limits ON, so its memory store holds a
//    counter per identity) takes 100 000 requests from 10 000 distinct identities; prints its
//    peak RSS and the RSS along the way.
// 3. Render cost: the Vitest bench in scripts/bench/render.bench.tsx (sanitize + render of a
//    typical and a 10 KB offer, and how many times DOMPurify runs).
//
// Loopback only, bounded in requests and time, stops by itself; prints figures and never
// asserts on them. It exits non-zero only when the bench itself cannot run (not built, a
// route answering errors, a hard time limit).
//
// Usage: pnpm bench [--quick] [--skip-render] [--skip-memory] [--skip-server] [--profile DIR]
//   --quick    CI-sized: 1 s per measurement, 10 000 requests / 1 000 identities for memory.
//   --profile  write a V8 .cpuprofile of each server process into DIR (open in Chrome DevTools).
//   --memory-requests N, --memory-identities N  size of the memory run.
//   --heap-snapshot DIR  write a heap snapshot of the memory run's server after its last request.
//   --compare  also measure "(a') fetch handler" loaded from DIR (another build of packages/server
//              dist), side by side in the same run: an A/B of a candidate optimization.
//   --compare-transport fetch|keep-alive  the SDK transport of that build (default keep-alive;
//              fetch for builds older than createKeepAliveTransport).
import { fork, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { esbuild } from '../lib/esbuild.mjs';
import type { ChildProcess } from 'node:child_process';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { load } from './load';
import type { LoadRequest, LoadResult } from './load';
import { assertBuilt, dist, root } from './paths';
import { parseStormPoint, stormBench } from './storm';
import { BASE_PATH, IDENTITY_HEADER } from './protocol';
import type { RecordedUpstream, RouteName, TargetConfig, TargetStats } from './protocol';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'skip-render': { type: 'boolean', default: false },
    'skip-memory': { type: 'boolean', default: false },
    'skip-server': { type: 'boolean', default: false },
    'skip-storm': { type: 'boolean', default: false },
    /** The storm's sweep points: customers, or customers x loads a minute @ budget, e.g. 30,100,90x3@140. */
    'storm-sweep': { type: 'string' },
    /** How many times faster than real time the storm runs (default: 10 with --quick, else 1). */
    'storm-scale': { type: 'string' },
    /** Real page loads per second a compressed storm point may ask for (default 20). */
    'storm-rate': { type: 'string' },
    /** The storm's kit from this dist folder (another build of packages/server). */
    'storm-server': { type: 'string' },
    /** Also measure the Fetch handler built in this dist folder, e.g. a candidate optimization. */
    compare: { type: 'string' },
    /** The SDK transport of the --compare build: keep-alive (default) or fetch (older builds). */
    'compare-transport': { type: 'string', default: 'keep-alive' },
    /** Override the memory run's size. */
    'memory-requests': { type: 'string' },
    'memory-identities': { type: 'string' },
    /** Write a heap snapshot of the memory run's server at its end into this directory. */
    'heap-snapshot': { type: 'string' },
    /** Write a V8 CPU profile of every server process into this directory. */
    profile: { type: 'string' },
  },
  strict: true,
});

const quick = args.quick === true;
const settings = {
  connections: 10,
  warmupSeconds: quick ? 0.5 : 1,
  /** Each target is measured `rounds` times per endpoint, in rotating order; medians are shown. */
  rounds: quick ? 1 : 3,
  /**
   * A pause before each measurement: the simulator is still catching up on the bare proxy's burst
   * for a moment after it, and whichever server was measured next paid ~20 % more CPU per
   * request for it (measured: the penalty followed the slot, not the server).
   */
  settleMs: 1_500,
  seconds: 1,
  memoryRequests: Number(args['memory-requests'] ?? (quick ? 10_000 : 100_000)),
  memoryIdentities: Number(args['memory-identities'] ?? (quick ? 1_000 : 10_000)),
  /** The whole bench is killed past this. */
  hardLimitMs: quick ? 300_000 : 1_800_000,
};

const children = new Set<ChildProcess>();
const stopChildren = () => {
  for (const child of children) {
    if (child.connected) child.disconnect();
    child.kill();
  }
};
process.on('exit', stopChildren);
const hardLimit = setTimeout(() => {
  console.error(`\nbench: hard time limit (${settings.hardLimitMs / 1000} s) reached; stopping.`);
  stopChildren();
  process.exit(1);
}, settings.hardLimitMs);
hardLimit.unref();

/**
 * The measured server runs as plain JavaScript (no tsx loader: it would add ~35 MB of RSS and a
 * loader thread to the figures): target.ts is bundled once, its imports left to Node.
 */
async function buildTarget(): Promise<string> {
  const outdir = mkdtempSync(join(tmpdir(), 'upsell-bench-'));
  process.on('exit', () => rmSync(outdir, { recursive: true, force: true }));
  const outfile = join(outdir, 'target.mjs');
  await esbuild.build({
    entryPoints: [fileURLToPath(new URL('./target.ts', import.meta.url))],
    outfile,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
  return outfile;
}
const targetFile = buildTarget();
const warpFile = pathToFileURL(fileURLToPath(new URL('./warp.mjs', import.meta.url))).href;

/** Forks a child (TypeScript through tsx, or plain .mjs) and waits for its first message of `type`. */
function forkChild<T>(
  file: string,
  argv: string[],
  type: string,
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; message: T }> {
  // The storm's processes run on a faster clock when BENCH_TIME_SCALE is set (warp.mjs).
  const warp = env.BENCH_TIME_SCALE ? ['--import', warpFile] : [];
  const child = fork(file, argv, {
    execArgv: file.endsWith('.ts')
      ? ['--import', 'tsx', ...warp, '--expose-gc']
      : [
          ...warp,
          '--expose-gc',
          ...(args.profile ? ['--cpu-prof', `--cpu-prof-dir=${args.profile}`] : []),
        ],
    env: { ...process.env, NODE_ENV: 'production', BENCH_ROOT: root, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${file} exited (${code}) before it was ready`)));
    child.on('message', (message: { type?: string }) => {
      if (message.type === type) resolve({ child, message: message as T });
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.disconnect();
  });
}

function statsOf(child: ChildProcess, gc = false): Promise<TargetStats> {
  return new Promise((resolve) => {
    const onMessage = (message: { type?: string; stats?: TargetStats }) => {
      if (message.type !== 'stats' || !message.stats) return;
      child.off('message', onMessage);
      resolve(message.stats);
    };
    child.on('message', onMessage);
    child.send({ type: 'stats', gc });
  });
}

interface Target {
  /** `(a)`, `(b)`, `(c)`…: how the ratios name it. */
  tag: string;
  name: string;
  child: ChildProcess;
  url: string;
}

async function startTarget(name: string, config: TargetConfig): Promise<Target> {
  const { child, message } = await forkChild<{ url: string }>(
    await targetFile,
    [JSON.stringify(config)],
    'listening',
  );
  return { tag: name.slice(0, name.indexOf(')') + 1), name, child, url: message.url };
}

/** One JSON request; throws unless the status is the expected one. */
async function call(
  base: string,
  method: 'GET' | 'POST',
  path: string,
  identity: string,
  body: unknown,
  expected: number,
): Promise<unknown> {
  const response = await fetch(`${base}${BASE_PATH}${path}`, {
    method,
    headers: {
      [IDENTITY_HEADER]: identity,
      'content-type': 'application/json',
      accept: 'application/json',
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (response.status !== expected) {
    throw new Error(
      `bench setup: ${method} ${path} answered ${response.status} (expected ${expected}): ${text.slice(0, 300)}`,
    );
  }
  return text ? (JSON.parse(text) as unknown) : undefined;
}

/** The simulator's record of the last upstream request the handler made. */
async function lastUpstream(upstreamUrl: string): Promise<RecordedUpstream> {
  const response = await fetch(`${upstreamUrl}/__simulator/requests`);
  const list = (await response.json()) as
    | { method: string; path: string; query: Record<string, string>; body: unknown }[]
    | {
        requests: { method: string; path: string; query: Record<string, string>; body: unknown }[];
      };
  const requests = Array.isArray(list) ? list : list.requests;
  const last = requests.at(-1);
  if (!last) throw new Error('bench setup: the simulator recorded no upstream request');
  const query = new URLSearchParams(last.query).toString();
  return { method: last.method, path: `${last.path}${query ? `?${query}` : ''}`, body: last.body };
}

interface OfferResponse {
  offers: { token: string; options: { id: string }[] }[];
}
interface FulfillmentCreateResponse {
  fulfillment: { id: string };
}

/** The usage context an app would send. */
const offersBody = {
  custom: { storage_used_percent: 82 },
  context: { url: 'https://app.example.com/files', locale: 'en-US', timezone: 'Europe/Berlin' },
};

function firstOffer(value: unknown, what: string) {
  const offer = (value as OfferResponse).offers[0];
  if (!offer) throw new Error(`bench setup: ${what}: the simulator offered nothing`);
  return offer;
}

interface Endpoint {
  route: RouteName;
  label: string;
  method: 'GET' | 'POST';
  path: string;
  identity: string;
  body?: string;
  expected: number;
  /** Every request from a new identity (so no server can answer it from a cache). */
  newIdentity?: boolean;
  /** A target that speaks another protocol (the hand-written route): its own path and body. */
  perTarget?: Map<Target, { path: string; body?: string }>;
}

interface Measurement {
  rps: number;
  p50: number;
  p99: number;
  /** Server-process CPU µs per request. */
  cpu: number;
  total: number;
  bad: number;
  codes: string;
}

let identities = 0;

function loadOptions(target: Target, endpoint: Endpoint) {
  const own = endpoint.perTarget?.get(target);
  const path = own?.path ?? endpoint.path;
  const body = own ? own.body : endpoint.body;
  const headers = {
    [IDENTITY_HEADER]: endpoint.identity,
    accept: 'application/json',
    ...(body ? { 'content-type': 'application/json' } : {}),
  };
  return {
    url: `${target.url}${BASE_PATH}${path}`,
    connections: settings.connections,
    method: endpoint.method,
    headers,
    ...(body ? { body } : {}),
    ...(endpoint.newIdentity
      ? {
          requests: [
            {
              method: endpoint.method,
              path: `${BASE_PATH}${path}`,
              ...(body ? { body } : {}),
              setupRequest: (req: LoadRequest) => ({
                ...req,
                headers: { ...headers, [IDENTITY_HEADER]: `${endpoint.identity}_${identities++}` },
              }),
            },
          ],
        }
      : {}),
  };
}

interface Run {
  result: LoadResult;
  /** CPU time the server process spent per request, µs: robust where wall-clock figures are not. */
  cpuPerRequest: number;
}

async function measureOnce(target: Target, endpoint: Endpoint): Promise<Run> {
  const before = await statsOf(target.child);
  const result = await load({ ...loadOptions(target, endpoint), duration: settings.seconds });
  const after = await statsOf(target.child);
  return {
    result,
    cpuPerRequest: (after.cpuMicros - before.cpuMicros) / Math.max(1, result.requests.total),
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Medians over the rounds; statuses summed. */
function summarize(runs: Run[], expected: number): Measurement {
  const results = runs.map((r) => r.result);
  const codes = new Map<string, number>();
  let total = 0;
  let bad = 0;
  for (const r of results) {
    total += r.requests.total;
    bad += r.errors + r.timeouts;
    for (const [code, { count }] of Object.entries(r.statusCodeStats)) {
      codes.set(code, (codes.get(code) ?? 0) + count);
      if (code !== String(expected)) bad += count;
    }
  }
  return {
    rps: median(results.map((r) => r.requests.total / r.duration)),
    p50: median(results.map((r) => r.latency.p50)),
    p99: median(results.map((r) => r.latency.p99)),
    cpu: median(runs.map((r) => r.cpuPerRequest)),
    total,
    bad,
    codes: [...codes].map(([code, count]) => `${code}×${count}`).join(' '),
  };
}

const fmt = {
  int: (n: number) => Math.round(n).toLocaleString('en-US'),
  // autocannon's latency histogram has 1 ms resolution.
  ms: (n: number) => `${Number.isInteger(n) ? n : n.toFixed(1)} ms`,
  mb: (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`,
  pad: (s: string, n: number) => s.padEnd(n),
  lpad: (s: string, n: number) => s.padStart(n),
};

async function serverBench(upstream: TargetConfig['upstream']): Promise<void> {
  // (a) and (b) run the recommended Node setup: the SDK on createKeepAliveTransport().
  const fetchTarget = await startTarget('(a) fetch handler, node:http', {
    kind: 'fetch',
    upstream,
    limits: false,
    transport: 'keep-alive',
  });

  // Tokens and a fulfillment, through the real handler, one identity per purpose (an accepted
  // offer is not offered again, which would make POST /offers cheaper).
  const a = fetchTarget.url;
  await call(a, 'POST', '/offers', 'offers', offersBody, 200);
  const offersUpstream = await lastUpstream(upstream.url);

  const eventOffer = firstOffer(
    await call(a, 'POST', '/offers', 'events', offersBody, 200),
    'events',
  );
  const eventBody = JSON.stringify({ token: eventOffer.token, type: 'viewed' });
  await call(a, 'POST', '/events', 'events', JSON.parse(eventBody), 204);
  const eventsUpstream = await lastUpstream(upstream.url);

  const readOffer = firstOffer(await call(a, 'POST', '/offers', 'reads', offersBody, 200), 'reads');
  const created = (await call(
    a,
    'POST',
    '/fulfillments',
    'reads',
    { token: readOffer.token, option_id: readOffer.options[0]?.id },
    201,
  )) as FulfillmentCreateResponse;
  const readPath = `/fulfillments/${encodeURIComponent(created.fulfillment.id)}?token=${encodeURIComponent(readOffer.token)}`;
  await call(a, 'GET', readPath, 'reads', undefined, 200);
  const readUpstream = await lastUpstream(upstream.url);

  const targets = [
    await startTarget('(c) bare node:http proxy', {
      kind: 'proxy',
      upstream,
      limits: false,
      routes: { offers: offersUpstream, events: eventsUpstream, fulfillmentRead: readUpstream },
    }),
    fetchTarget,
    await startTarget('(b) express adapter', {
      kind: 'express',
      upstream,
      limits: false,
      transport: 'keep-alive',
    }),
    // The route Chargebee's tutorial has you write: Express + the SDK, one call per request.
    await startTarget('(e) hand-written Express + SDK', {
      kind: 'handwritten',
      upstream,
      limits: false,
    }),
    // Additional, for reference: (a) with the SDK on the default transport (global fetch).
    await startTarget('(d) (a) on the global fetch', {
      kind: 'fetch',
      upstream,
      limits: false,
      transport: 'fetch',
    }),
    ...(args.compare
      ? [
          await startTarget("(a') fetch handler, --compare", {
            kind: 'fetch',
            upstream,
            limits: false,
            transport: args['compare-transport'] === 'fetch' ? 'fetch' : 'keep-alive',
            serverDist: resolve(args.compare),
          }),
        ]
      : []),
  ];

  // The hand-written route names offers by Chargebee's ids: its own event and fulfillment.
  const handwritten = targets.find((t) => t.tag === '(e)')!;
  const hwOffer = (
    (await call(handwritten.url, 'POST', '/offers', 'events', offersBody, 200)) as {
      personalized_offers: { id: string; options: { id: string }[] }[];
    }
  ).personalized_offers[0]!;
  const hwEventBody = JSON.stringify({ personalized_offer_id: hwOffer.id, type: 'viewed' });
  const hwRead = (
    (await call(
      handwritten.url,
      'POST',
      '/fulfillments',
      'reads',
      { personalized_offer_id: hwOffer.id, option_id: hwOffer.options[0]?.id },
      201,
    )) as { offer_fulfillment: { id: string } }
  ).offer_fulfillment.id;

  const endpoints: Endpoint[] = [
    {
      route: 'offers',
      // One identity asking again and again: what a cache serves (a page reloaded).
      label: 'POST /offers, repeat',
      method: 'POST',
      path: '/offers',
      identity: 'offers',
      body: JSON.stringify(offersBody),
      expected: 200,
    },
    {
      route: 'offers',
      label: 'POST /offers, new id',
      method: 'POST',
      path: '/offers',
      identity: 'fresh',
      body: JSON.stringify(offersBody),
      expected: 200,
      newIdentity: true,
    },
    {
      route: 'events',
      label: 'POST /events',
      method: 'POST',
      path: '/events',
      identity: 'events',
      body: eventBody,
      expected: 204,
      perTarget: new Map([[handwritten, { path: '/events', body: hwEventBody }]]),
    },
    {
      route: 'fulfillmentRead',
      label: 'GET /fulfillments/{id}',
      method: 'GET',
      path: readPath,
      identity: 'reads',
      expected: 200,
      perTarget: new Map([[handwritten, { path: `/fulfillments/${encodeURIComponent(hwRead)}` }]]),
    },
  ];

  // Every target answers every route as expected before anything is measured.
  for (const target of targets) {
    for (const e of endpoints) {
      const own = e.perTarget?.get(target);
      const body = own ? own.body : e.body;
      await call(
        target.url,
        e.method,
        own?.path ?? e.path,
        e.identity,
        body ? JSON.parse(body) : undefined,
        e.expected,
      );
    }
  }

  console.log(
    `\nServer adapter: ${settings.connections} connections, loopback, simulator upstream; per endpoint and server ${settings.warmupSeconds} s warm-up, then ${settings.rounds} × ${settings.seconds} s in rotating order, each after a ${settings.settleMs / 1000} s pause (medians).\n` +
      '(a) and (b) give the SDK createKeepAliveTransport() from @upsell-kit/server/node (the recommended Node setup); (d), additional, is (a) on the default transport, the global fetch.',
  );
  const header = `${fmt.pad('endpoint', 24)}${fmt.pad('server', 32)}${fmt.lpad('req/s', 9)}${fmt.lpad('p50', 11)}${fmt.lpad('p99', 9)}${fmt.lpad('CPU/req', 11)}   statuses`;
  console.log(header);
  console.log('-'.repeat(header.length + 8));
  const summary: string[] = [];
  const measured = new Map<Endpoint, Map<Target, Measurement>>();
  /** The kit's offer-cache hits during each endpoint's runs of (a), when its build reports them. */
  const cacheHits = new Map<Endpoint, number | undefined>();
  for (const endpoint of endpoints) {
    const runs = new Map<Target, Run[]>(targets.map((t) => [t, []]));
    const hitsBefore = (await statsOf(fetchTarget.child)).kit?.offerCache?.hits;
    for (const target of targets) {
      await load({ ...loadOptions(target, endpoint), duration: settings.warmupSeconds });
    }
    for (let round = 0; round < settings.rounds; round++) {
      // Rotate the order so that no target always runs first (or last) in a drifting machine.
      const order = targets.map((_, i) => targets[(i + round) % targets.length]!);
      for (const target of order) {
        await new Promise((resolve) => setTimeout(resolve, settings.settleMs));
        runs.get(target)!.push(await measureOnce(target, endpoint));
      }
    }
    const hitsAfter = (await statsOf(fetchTarget.child)).kit?.offerCache?.hits;
    cacheHits.set(
      endpoint,
      hitsBefore === undefined || hitsAfter === undefined ? undefined : hitsAfter - hitsBefore,
    );
    const results = new Map<Target, Measurement>();
    measured.set(endpoint, results);
    for (const target of targets) {
      const m = summarize(runs.get(target)!, endpoint.expected);
      results.set(target, m);
      console.log(
        `${fmt.pad(endpoint.label, 24)}${fmt.pad(target.name, 32)}${fmt.lpad(fmt.int(m.rps), 9)}${fmt.lpad(fmt.ms(m.p50), 11)}${fmt.lpad(fmt.ms(m.p99), 9)}${fmt.lpad(`${Math.round(m.cpu)} µs`, 11)}   ${m.codes}${m.bad ? `  (${m.bad} unexpected!)` : ''}`,
      );
    }
    const proxy = results.get(targets[0]!)!;
    const ratio = (x: Measurement) =>
      `${(x.rps / proxy.rps).toFixed(2)}× req/s, ${x.p99 - proxy.p99 >= 0 ? '+' : ''}${fmt.ms(x.p99 - proxy.p99)} p99, ${(x.cpu / proxy.cpu).toFixed(1)}× CPU/req`;
    summary.push(
      `${endpoint.label}\n` +
        targets
          .slice(1)
          .map((t) => `  ${t.tag}/(c) ${ratio(results.get(t)!)}`)
          .join('\n'),
    );
  }
  console.log(
    "\nRatios against the bare proxy (same run; target ≥ 0.85× req/s, ≤ +2 ms p99). CPU/req is the server process's\n" +
      'own CPU time per request (getrusage), which a busy machine disturbs far less than req/s and latency:',
  );
  for (const line of summary) console.log(line);

  console.log('\nGoals (issue 12; figures, not assertions):');
  const proxyTarget = targets[0]!;
  const repeat = endpoints[0]!;
  const hits = cacheHits.get(repeat);
  const hitRow = measured.get(repeat)!;
  if (hits === undefined || hits === 0) {
    console.log(
      `---- cache-hit POST /offers at least as fast as the bare proxy: not measurable, (a) ${hits === undefined ? 'reports no stats() (no offer cache in this build)' : 'answered no request from its cache'}`,
    );
  } else {
    const a = hitRow.get(fetchTarget)!;
    const c = hitRow.get(proxyTarget)!;
    const total = a.total;
    console.log(
      `${a.rps >= c.rps ? 'PASS' : 'MISS'} cache-hit POST /offers at least as fast as the bare proxy: (a) ${fmt.int(a.rps)} vs (c) ${fmt.int(c.rps)} req/s (${(a.rps / c.rps).toFixed(2)}×; ${fmt.int(hits)} of ${fmt.int(total)} measured requests of (a) from the cache)`,
    );
  }
  for (const endpoint of endpoints) {
    const row = measured.get(endpoint)!;
    const a = row.get(fetchTarget)!;
    const e = row.get(handwritten)!;
    const x = a.rps / e.rps;
    console.log(
      `${x >= 1.2 ? 'PASS' : 'MISS'} the kit ≥ 1.2× the hand-written route's throughput, ${endpoint.label}: (a)/(e) ${x.toFixed(2)}× req/s, ${(a.cpu / e.cpu).toFixed(2)}× CPU/req`,
    );
  }

  await Promise.all(targets.map((t) => stopChild(t.child)));
}

async function memoryBench(upstream: TargetConfig['upstream']): Promise<void> {
  const target = await startTarget('fetch handler (default rate limits)', {
    kind: 'fetch',
    upstream,
    limits: true,
    // The memory run measures the per-identity store, not the budget (which would shed most).
    upstreamBudget: false,
    transport: 'keep-alive',
  });
  const { memoryRequests: total, memoryIdentities: identities } = settings;
  const perIdentity = 10;
  console.log(
    `\nMemory: ${fmt.int(total)} requests from ${fmt.int(identities)} distinct identities through a fresh Fetch-handler process`,
  );
  console.log(
    `(each identity: 4 × [POST /offers, POST /events viewed], POST /fulfillments, GET /fulfillments/{id}; default rate limits on, so the memory store holds counters per identity)`,
  );
  const before = await statsOf(target.child);

  let next = 0;
  const offers: LoadRequest = {
    method: 'POST',
    path: `${BASE_PATH}/offers`,
    body: JSON.stringify(offersBody),
    onResponse: (status, body, context) => {
      if (status !== 200) return;
      const offer = (JSON.parse(body) as OfferResponse).offers[0];
      if (offer) {
        context.token = offer.token;
        context.option = offer.options[0]?.id;
      }
    },
  };
  const withIdentity = (req: LoadRequest, context: Record<string, unknown>) => ({
    ...req,
    headers: {
      ...req.headers,
      'content-type': 'application/json',
      [IDENTITY_HEADER]: `mem_${context.identity as number}`,
    },
  });
  const event: LoadRequest = {
    method: 'POST',
    path: `${BASE_PATH}/events`,
    setupRequest: (req, context) =>
      context.token
        ? {
            ...withIdentity(req, context),
            body: JSON.stringify({ token: context.token, type: 'viewed' }),
          }
        : null,
  };
  const requests: LoadRequest[] = [
    {
      ...offers,
      setupRequest: (req, context) => {
        context.identity = next++ % identities;
        return withIdentity(req, context);
      },
    },
    event,
    ...Array.from({ length: 3 }, () => [{ ...offers, setupRequest: withIdentity }, event]).flat(),
    {
      method: 'POST',
      path: `${BASE_PATH}/fulfillments`,
      setupRequest: (req, context) =>
        context.token
          ? {
              ...withIdentity(req, context),
              body: JSON.stringify({ token: context.token, option_id: context.option }),
            }
          : null,
      onResponse: (status, body, context) => {
        if (status === 200 || status === 201)
          context.fulfillment = (JSON.parse(body) as FulfillmentCreateResponse).fulfillment.id;
      },
    },
    {
      method: 'GET',
      setupRequest: (req, context) =>
        context.fulfillment
          ? {
              ...withIdentity(req, context),
              path: `${BASE_PATH}/fulfillments/${encodeURIComponent(context.fulfillment as string)}?token=${encodeURIComponent(context.token as string)}`,
            }
          : null,
    },
  ];
  if (requests.length !== perIdentity) throw new Error('memory bench: request cycle changed');

  let peakSampled = before.rss;
  const samples: string[] = [];
  const sampler = setInterval(() => {
    void statsOf(target.child).then((s) => {
      peakSampled = Math.max(peakSampled, s.rss);
    });
  }, 500);
  const started = performance.now();
  const half = await load({
    url: target.url,
    connections: settings.connections,
    amount: total / 2,
    requests,
  });
  const mid = await statsOf(target.child, true);
  samples.push(
    `after ${fmt.int(half.requests.total)}: RSS ${fmt.mb(mid.rss)}, heap after GC ${fmt.mb(mid.heapUsed)}`,
  );
  const rest = await load({
    url: target.url,
    connections: settings.connections,
    amount: total / 2,
    requests,
  });
  clearInterval(sampler);
  const seconds = (performance.now() - started) / 1000;
  const after = await statsOf(target.child, true);
  samples.push(
    `after ${fmt.int(half.requests.total + rest.requests.total)}: RSS ${fmt.mb(after.rss)}, heap after GC ${fmt.mb(after.heapUsed)}`,
  );

  const codes = new Map<string, number>();
  for (const r of [half, rest]) {
    for (const [code, { count }] of Object.entries(r.statusCodeStats))
      codes.set(code, (codes.get(code) ?? 0) + count);
  }
  console.log(
    `  identities used:     ${fmt.int(Math.min(next, identities))} (${fmt.int(next)} request cycles)`,
  );
  console.log(
    `  statuses:            ${[...codes].map(([c, n]) => `${c}×${fmt.int(n)}`).join(' ')}; errors ${half.errors + rest.errors}, timeouts ${half.timeouts + rest.timeouts}`,
  );
  console.log(`  RSS at start:        ${fmt.mb(before.rss)} (heap ${fmt.mb(before.heapUsed)})`);
  console.log(`  RSS along the way:   ${samples.join('; ')}`);
  console.log(
    `  peak RSS:            ${fmt.mb(Math.max(after.maxRss, peakSampled))} (getrusage maxrss)`,
  );
  console.log(
    `  time:                ${seconds.toFixed(1)} s (${fmt.int((half.requests.total + rest.requests.total) / seconds)} req/s)`,
  );
  if (args['heap-snapshot']) {
    mkdirSync(resolve(args['heap-snapshot']), { recursive: true });
    const path = join(resolve(args['heap-snapshot']), `memory-run-${Date.now()}.heapsnapshot`);
    const written = await new Promise<string>((done) => {
      target.child.on('message', (m: { type?: string; path?: string }) => {
        if (m.type === 'snapshot' && m.path) done(m.path);
      });
      target.child.send({ type: 'snapshot', path });
    });
    console.log(`  heap snapshot:       ${written}`);
  }
  await stopChild(target.child);
}

function renderBench(): Promise<number> {
  console.log('\nRender cost (Vitest bench, jsdom):');
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        `${root}node_modules/vitest/vitest.mjs`,
        'bench',
        '--run',
        '--config',
        `${root}scripts/bench/vitest.config.ts`,
      ],
      { cwd: root, stdio: 'inherit', env: { ...process.env, BENCH_QUICK: quick ? '1' : '' } },
    );
    children.add(child);
    child.on('exit', (code) => {
      children.delete(child);
      resolve(code ?? 1);
    });
  });
}

const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(
  `upsell-kit bench${quick ? ' --quick' : ''}: Node ${process.version}, ${availableParallelism()} × ${cpu}, ${new Date().toISOString()}`,
);
console.log('Figures only, never asserted: they move with the machine and its other load.');

let exitCode = 0;
if (!args['skip-server'] || !args['skip-memory']) {
  assertBuilt([dist.simulator, dist.server, dist.serverNode, dist.serverExpress]);
  const { child: upstreamChild, message } = await forkChild<{
    url: string;
    apiKey: string;
    site: string;
  }>(fileURLToPath(new URL('./upstream.ts', import.meta.url)), [], 'upstream');
  const upstream = { url: message.url, apiKey: message.apiKey, site: message.site };
  try {
    if (!args['skip-server']) await serverBench(upstream);
    if (!args['skip-memory']) await memoryBench(upstream);
  } catch (error) {
    console.error(`\n${(error as Error).message}`);
    exitCode = 1;
  } finally {
    await stopChild(upstreamChild);
  }
}
if (!args['skip-storm'] && exitCode === 0) {
  assertBuilt([dist.simulator, dist.server, dist.serverNode, dist.serverRedis]);
  try {
    await stormBench(
      { fork: forkChild, targetFile, stopChild, statsOf },
      {
        sweep: (
          args['storm-sweep'] ??
          (quick ? '30,100,60x3@140,90x3@140' : '30,100,300,60x3@140,90x3@140')
        )
          .split(',')
          .map(parseStormPoint),
        timeScale: Number(args['storm-scale'] ?? (quick ? 10 : 1)),
        // Kept low so that a shared 2-core machine serves the compressed storm without queueing.
        maxLoadsPerSecond: Number(args['storm-rate'] ?? 20),
        ...(args['storm-server'] ? { serverDist: resolve(args['storm-server']) } : {}),
      },
    );
  } catch (error) {
    console.error(`\n${(error as Error).message}`);
    exitCode = 1;
  }
}
if (!args['skip-render'] && exitCode === 0) exitCode = await renderBench();
stopChildren();
process.exit(exitCode);
