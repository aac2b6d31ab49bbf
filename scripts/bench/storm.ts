// The page-load storm (issue 12): customers reloading a dashboard for one (simulated) minute
// against the simulator limited like a Chargebee test site, through (i) the route Chargebee's
// tutorial has you write and (ii) the kit, each on two instances (the kit's sharing one real
// Redis). Prints figures and PASS / MISS against the issue's goals; asserts nothing.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { requireRedis } from './paths';
import type { KitStats, TargetConfig, TargetStats } from './protocol';
import { handwrittenArm, kitArm, type Arm } from './storm-arms';
import {
  attackerUsage,
  defaultShares,
  runAttacker,
  type AttackerUsage,
  type AttackRequests,
} from './storm-attacker';

/** What run.ts lends the storm. */
export interface StormHarness {
  /** Forks a bench child with extra environment (the warp clock) and waits for `type`. */
  fork<T>(
    file: string,
    argv: string[],
    type: string,
    env: Record<string, string>,
  ): Promise<{ child: ChildProcess; message: T }>;
  targetFile: Promise<string>;
  stopChild(child: ChildProcess): Promise<void>;
  statsOf(child: ChildProcess): Promise<TargetStats>;
}

/**
 * One sweep point: `customers` reloading the dashboard `loadsPerMinute` times a minute against
 * the kit's `budget` (its default when unset), then a drain of at most `drainMs` (simulated).
 * Written `30` (6 loads a minute, the default budget) or `90x3@140` (3 loads, 140/min); a
 * `+attack` suffix adds one identity running both attacks of issue 24 (storm-attacker.ts).
 */
export interface StormPoint {
  customers: number;
  loadsPerMinute: number;
  budget?: number;
  /** One attacker beside the customers (`+attack`). */
  attack: boolean;
  drainMs: number;
  label: string;
}

/** Parses `30` or `90x3@140` (see {@link StormPoint}). */
export function parseStormPoint(spec: string): StormPoint {
  const match = /^(\d+)(?:x(\d+))?(?:@(\d+))?(\+attack)?$/.exec(spec.trim());
  if (!match) {
    throw new Error(
      `bench: a storm point is N, NxLOADS or NxLOADS@BUDGET, each optionally +attack, not ${spec}`,
    );
  }
  const customers = Number(match[1]);
  const loadsPerMinute = Number(match[2] ?? 6);
  const budget = match[3] === undefined ? undefined : Number(match[3]);
  return {
    customers,
    loadsPerMinute,
    ...(budget === undefined ? {} : { budget }),
    attack: match[4] !== undefined,
    // The middle points (a budget named) check every view after a 90 s drain.
    drainMs: budget === undefined ? DRAIN_MAX_MS : MIDDLE_DRAIN_MS,
    label: spec.trim(),
  };
}

export interface StormOptions {
  /** The sweep points. */
  sweep: StormPoint[];
  /**
   * At most how many times faster than real time the storm's clocks run (1 = real time). Each
   * point runs as fast as this allows while its page loads stay within `maxLoadsPerSecond`.
   */
  timeScale: number;
  /** Real page loads per second a point may ask for (caps its time scale). */
  maxLoadsPerSecond: number;
  /** The kit from another build of packages/server/dist (e.g. a branch not merged yet). */
  serverDist?: string;
}

/** The time scale of a point: compressed while the real request rate stays moderate. */
function scaleFor(point: StormPoint, options: StormOptions): number {
  const loadsPerSimulatedSecond = (point.customers * point.loadsPerMinute) / 60;
  return Math.max(
    1,
    Math.min(options.timeScale, Math.floor(options.maxLoadsPerSecond / loadsPerSimulatedSecond)),
  );
}

/** Chargebee's limit on a test site. */
const SITE_LIMIT = 150;
/** The kit's documented default `upstreamBudget.requestsPerMinute`. */
const KIT_DEFAULT_BUDGET = 100;
const STORM_MS = 60_000;
/** Accept status is polled every second, for at most 30 s (the billing update takes 1.5 s). */
const POLL_MS = 1_000;
const POLL_FOR_MS = 30_000;
/** The drain waits for the kit's queue to empty, at most this long (simulated). */
const DRAIN_MAX_MS = 180_000;
/** The middle points' drain: every distinct offer's view must have reached Chargebee by then. */
const MIDDLE_DRAIN_MS = 90_000;
/** Without a queue to watch (a build with no stats()), the drain is this long (simulated). */
const DRAIN_FIXED_MS = 10_000;

/** A small seeded PRNG (mulberry32): the same storm every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A throwaway redis-server on a free loopback port, no persistence. */
async function startRedis(): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (error) =>
      reject(new Error(`bench: cannot start redis-server (${error.message})`)),
    );
  });
  const url = `redis://127.0.0.1:${port}`;
  const Redis = requireRedis();
  const client = new Redis(url, { maxRetriesPerRequest: 1, retryStrategy: () => 100 });
  client.on('error', () => {});
  await Promise.race([client.ping(), failed]);
  await client.quit();
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

interface PointResult {
  arm: Arm;
  point: StormPoint;
  customers: number;
  /** Customers who never saw an offer in the whole minute. */
  neverShown: number;
  /** Displays (page loads that showed an offer) and the views Chargebee received. */
  displays: number;
  viewsReceived: number;
  pageLoads: number;
  eligible: number;
  eligibleShown: number;
  shownAfterAction: number;
  offerStatuses: Map<number, number>;
  displayed: Set<string>;
  viewsDelivered: number;
  dismissals: number;
  dismissalsReached: number;
  accepts: number;
  acceptsCompleted: number;
  acceptStatuses: Map<number, number>;
  usage: {
    calls: number;
    refused: number;
    peakCallsPerMinute: number;
    peakAttemptsPerMinute: number;
  };
  drainMs: number;
  /** The point's time scale. */
  scale: number;
  kit: KitStats[];
  /** Real milliseconds from a page load's first request to its last answer. */
  latencies: number[];
  /** A `+attack` point: what the attacker asked, and what reached Chargebee for it. */
  attack?: { asked: AttackRequests; usage: AttackerUsage };
}

interface Customer {
  id: string;
  role: 'browse' | 'dismiss' | 'accept';
  acted: boolean;
  shown: number;
}

async function runPoint(
  harness: StormHarness,
  arm: Arm,
  point: StormPoint,
  options: StormOptions,
  redisUrl: string,
): Promise<PointResult> {
  const { customers } = point;
  const reloadMs = 60_000 / point.loadsPerMinute;
  const scale = scaleFor(point, options);
  const real = (simulatedMs: number) => simulatedMs / scale;
  const env = {
    BENCH_TIME_SCALE: String(scale),
    BENCH_TIME_ORIGIN: String(Date.now()),
  };
  const upstream = await harness.fork<{ url: string; apiKey: string; site: string }>(
    fileURLToPath(new URL('./upstream.ts', import.meta.url)),
    [JSON.stringify({ apiLimit: SITE_LIMIT })],
    'upstream',
    env,
  );
  const simulator = upstream.message.url;
  const config: TargetConfig =
    arm.kind === 'kit'
      ? {
          kind: 'fetch',
          upstream: upstream.message,
          // As shipped: default rate limits and the default upstream budget.
          limits: true,
          transport: 'keep-alive',
          redisUrl,
          timeScale: scale,
          ...(point.budget === undefined ? {} : { upstreamBudget: point.budget }),
          ...(options.serverDist ? { serverDist: options.serverDist } : {}),
        }
      : { kind: 'handwritten', upstream: upstream.message, limits: false };
  const targetFile = await harness.targetFile;
  const instances = await Promise.all(
    [0, 1].map(() =>
      harness.fork<{ url: string }>(targetFile, [JSON.stringify(config)], 'listening', env),
    ),
  );
  const bases = instances.map((i) => i.message.url);

  const rand = random(customers * 7919 + (arm.kind === 'kit' ? 1 : 2));
  // One in ten dismisses the offer the second time it shows, one in ten accepts it then.
  const people: Customer[] = Array.from({ length: customers }, (_, i) => ({
    id: `storm_${i}`,
    role: i % 10 === 3 ? 'dismiss' : i % 10 === 7 ? 'accept' : 'browse',
    acted: false,
    shown: 0,
  }));
  const result: PointResult = {
    arm,
    point,
    customers,
    neverShown: 0,
    displays: 0,
    viewsReceived: 0,
    pageLoads: 0,
    eligible: 0,
    eligibleShown: 0,
    shownAfterAction: 0,
    offerStatuses: new Map(),
    displayed: new Set(),
    viewsDelivered: 0,
    dismissals: 0,
    dismissalsReached: 0,
    accepts: 0,
    acceptsCompleted: 0,
    acceptStatuses: new Map(),
    usage: { calls: 0, refused: 0, peakCallsPerMinute: 0, peakAttemptsPerMinute: 0 },
    drainMs: 0,
    scale,
    kit: [],
    latencies: [],
  };
  const dismissed = new Set<string>();
  const polls: Promise<void>[] = [];
  const count = (map: Map<number, number>, status: number) =>
    map.set(status, (map.get(status) ?? 0) + 1);

  const pageLoad = async (person: Customer, base: string) => {
    result.pageLoads += 1;
    const eligible = !person.acted;
    if (eligible) result.eligible += 1;
    const { status, offer } = await arm.offers(base, person.id);
    count(result.offerStatuses, status);
    if (!offer) return;
    if (eligible) result.eligibleShown += 1;
    else result.shownAfterAction += 1;
    result.displayed.add(offer.id);
    result.displays += 1;
    person.shown += 1;
    // The page reports the display (the React kit sends `viewed` once per display).
    await arm.event(base, person.id, offer, 'viewed');
    if (person.acted || person.shown < 2 || person.role === 'browse') return;
    person.acted = true;
    if (person.role === 'dismiss') {
      result.dismissals += 1;
      dismissed.add(offer.id);
      await arm.event(base, person.id, offer, 'dismissed');
      return;
    }
    result.accepts += 1;
    const accepted = await arm.accept(base, person.id, offer);
    count(result.acceptStatuses, accepted.status);
    if (!accepted.id) return;
    const id = accepted.id;
    polls.push(
      (async () => {
        const until = Date.now() + real(POLL_FOR_MS);
        while (Date.now() < until) {
          const state = await arm.status(base, person.id, offer, id);
          if (state === 'completed') {
            result.acceptsCompleted += 1;
            return;
          }
          if (state === 'failed') return;
          await sleep(real(POLL_MS));
        }
      })(),
    );
  };

  // Open loop: every page load starts on its schedule whether or not the last one has finished
  // (a slow server gets more concurrent loads, not fewer), so each arm gets the same storm.
  const started = Date.now();
  const loads: Promise<void>[] = [];
  const attacker = point.attack ? runAttacker(arm, bases, STORM_MS, real) : undefined;
  await Promise.all(
    people.map(async (person, index) => {
      let at = rand() * reloadMs;
      for (let load = 0; at < STORM_MS; load++) {
        await sleep(started + real(at) - Date.now());
        // Reloads land on either instance, as behind a load balancer.
        const timed = performance.now();
        loads.push(
          pageLoad(person, bases[(index + load) % bases.length]!).then(() => {
            result.latencies.push(performance.now() - timed);
          }),
        );
        at += reloadMs * (0.5 + rand());
      }
    }),
  );
  await Promise.all(loads);
  await Promise.all(polls);
  const asked = await attacker;

  // Drain: until the kit's queue is empty (as its stats() tell), else a fixed short wait.
  const drainStart = Date.now();
  if (arm.kind === 'kit') {
    const deadline = drainStart + real(point.drainMs);
    let watched = false;
    for (;;) {
      const stats = await Promise.all(instances.map((i) => harness.statsOf(i.child)));
      const queued = stats.map((s) => s.kit?.events?.queuedNow);
      if (queued.every((q) => typeof q === 'number')) {
        watched = true;
        if (Math.max(...(queued as number[])) === 0) break;
      } else if (Date.now() - drainStart >= real(DRAIN_FIXED_MS)) break;
      if (Date.now() >= deadline) break;
      await sleep(real(watched ? 1_000 : 500));
    }
  }
  result.drainMs = (Date.now() - drainStart) * scale;

  const [events, usage] = await Promise.all([
    fetch(`${simulator}/__simulator/events`).then(
      (r) => r.json() as Promise<{ personalized_offer_id: string; type: string }[]>,
    ),
    fetch(`${simulator}/__simulator/api-usage`).then(
      (r) => r.json() as Promise<PointResult['usage']>,
    ),
  ]);
  const viewed = new Set(
    events.filter((e) => e.type === 'viewed').map((e) => e.personalized_offer_id),
  );
  const dismissedAtChargebee = new Set(
    events.filter((e) => e.type === 'dismissed').map((e) => e.personalized_offer_id),
  );
  result.viewsDelivered = [...result.displayed].filter((id) => viewed.has(id)).length;
  result.viewsReceived = events.filter((e) => e.type === 'viewed').length;
  result.neverShown = people.filter((person) => person.shown === 0).length;
  result.dismissalsReached = [...dismissed].filter((id) => dismissedAtChargebee.has(id)).length;
  result.usage = usage;
  if (asked) result.attack = { asked, usage: await attackerUsage(simulator) };
  result.kit = (await Promise.all(instances.map((i) => harness.statsOf(i.child))))
    .map((s) => s.kit)
    .filter((k): k is KitStats => k !== undefined);

  await Promise.all(instances.map((i) => harness.stopChild(i.child)));
  await harness.stopChild(upstream.child);
  return result;
}

const pct = (part: number, whole: number) =>
  whole === 0 ? '—' : `${((100 * part) / whole).toFixed(part === whole ? 0 : 1)} %`;
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');

function sumOf(
  list: KitStats[],
  pick: (k: KitStats) => Record<string, number> | number | undefined,
) {
  let total = 0;
  let seen = false;
  for (const k of list) {
    const value = pick(k);
    if (value === undefined) continue;
    seen = true;
    total += typeof value === 'number' ? value : Object.values(value).reduce((a, b) => a + b, 0);
  }
  return seen ? total : undefined;
}

function report(results: PointResult[], options: StormOptions): void {
  const header =
    'point      server               page loads  calls/load  429s  peak/60 s (tried)  offer shown*  never shown  shown again  accepts done  dismissals in  views in  views/display  drain  clock';
  console.log(header);
  console.log('-'.repeat(header.length));
  for (const r of results) {
    const attempts = r.usage.calls + r.usage.refused;
    console.log(
      [
        r.point.label.padEnd(9),
        `  ${r.arm.name.padEnd(19)}`,
        String(r.pageLoads).padStart(11),
        (attempts / Math.max(1, r.pageLoads)).toFixed(2).padStart(12),
        String(r.usage.refused).padStart(6),
        `${r.usage.peakCallsPerMinute} (${r.usage.peakAttemptsPerMinute})`.padStart(19),
        pct(r.eligibleShown, r.eligible).padStart(14),
        String(r.neverShown).padStart(13),
        String(r.shownAfterAction).padStart(13),
        `${r.acceptsCompleted}/${r.accepts}`.padStart(14),
        `${r.dismissalsReached}/${r.dismissals}`.padStart(15),
        pct(r.viewsDelivered, r.displayed.size).padStart(10),
        (r.viewsReceived / Math.max(1, r.displays)).toFixed(2).padStart(15),
        `${Math.round(r.drainMs / 1000)} s`.padStart(7),
        `${r.scale}×`.padStart(7),
      ].join(''),
    );
  }
  console.log(
    '* of eligible page loads (before the customer dismissed or accepted). Calls per load and the peak count every call the simulator received, refused or not;\n' +
      '  "peak" is what it served in any 60 s, "(tried)" includes the refused. Never shown: customers who saw no offer in the whole minute.\n' +
      '  Views in: distinct displayed offers whose `viewed` reached the simulator by the end of the drain; views/display: views received per display.\n' +
      '  A point NxL@B: N customers, L page loads a minute each, the kit at upstreamBudget B (else its default); its drain is at most 90 s.\n' +
      "  +attack: one more identity runs both attacks of issue 24 for the minute (storm-attacker.ts); its calls count in calls/load and the peak, not in the customers' figures.",
  );
  for (const r of results) {
    const statuses = (map: Map<number, number>) =>
      [...map]
        .sort(([a], [b]) => a - b)
        .map(([code, n]) => `${code || 'network'}×${n}`)
        .join(' ');
    const kit = r.kit;
    const kitLine =
      kit.length > 0
        ? `; kit stats (both instances): cache hits ${sumOf(kit, (k) => k.offerCache?.hits) ?? '—'}, shed ${sumOf(kit, (k) => k.shed) ?? '—'}, queued ${sumOf(kit, (k) => k.events?.queued) ?? '—'}, delivered from queue ${sumOf(kit, (k) => k.events?.delivered) ?? '—'}, dropped ${sumOf(kit, (k) => k.events?.dropped) ?? '—'}, deduplicated ${sumOf(kit, (k) => k.events?.deduplicated) ?? '—'}`
        : r.arm.kind === 'kit'
          ? '; kit stats: — (this build has no stats())'
          : '';
    const sorted = [...r.latencies].sort((a, b) => a - b);
    const p = (q: number) =>
      Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
    console.log(
      `  ${r.point.label} ${r.arm.name}: page load p50 ${p(0.5)} ms, p99 ${p(0.99)} ms (real); POST /offers ${statuses(r.offerStatuses)}; accepts ${statuses(r.acceptStatuses) || '—'}${kitLine}`,
    );
    if (r.attack) {
      const { asked, usage } = r.attack;
      const fairness = sumOf(kit, (k) => k.shedForFairness);
      console.log(
        `      attacker: asked ${asked.pageLoads} page loads, ${asked.events} events, ${asked.accepts} accept, ${asked.polls} status reads; reached Chargebee (most in any 60 s): offer fetches ${usage.offers}, views ${usage.viewed}, dismissals ${usage.dismissed}, creates ${usage.creates}, status reads ${usage.reads} (${usage.total} calls in all)${fairness === undefined ? '' : `; shed for fairness ${fairness}`}`,
      );
    }
    // A compressed point is only a faithful minute while latency stays small beside the reload
    // interval; past that the machine, not the server, decides what happens.
    if (r.scale > 1 && p(0.5) * r.scale > 60_000 / r.point.loadsPerMinute / 10) {
      console.log(
        `      WARNING: real p50 × ${r.scale} = ${((p(0.5) * r.scale) / 1000).toFixed(1)} simulated s per page load: this machine is too busy for ${r.scale}×, the figures of this point are distorted (rerun with --storm-rate 5, or in real time without --quick).`,
      );
    }
  }

  console.log(
    `\nGoals (issue 12), per sweep point; the kit's budget is ${KIT_DEFAULT_BUDGET}/min unless its stats() say otherwise, the site's limit ${SITE_LIMIT}/min:`,
  );
  for (const r of results) {
    const kitBudget =
      (r.kit.find((k) => typeof k.budget?.requestsPerMinute === 'number')?.budget
        ?.requestsPerMinute as number | undefined) ??
      r.point.budget ??
      KIT_DEFAULT_BUDGET;
    const budget = r.arm.kind === 'kit' ? kitBudget : SITE_LIMIT;
    // Fit: one offer fetch per customer a minute fits in what the reserves leave (75 % of the
    // kit's budget): the customers fit if page loads come first.
    const fits = r.customers <= 0.75 * kitBudget;
    const lines = [
      `${verdict(r.usage.refused === 0 && r.usage.peakAttemptsPerMinute <= budget)} 0 upstream 429s (${r.usage.refused}) and never more than ${budget} in any 60 s (${r.usage.peakAttemptsPerMinute} tried)`,
      `${verdict(r.acceptsCompleted === r.accepts)} every accept completes (${r.acceptsCompleted}/${r.accepts})`,
      `${verdict(r.dismissalsReached === r.dismissals)} every dismissal reaches Chargebee (${r.dismissalsReached}/${r.dismissals})`,
      `${verdict(r.shownAfterAction === 0)} no offer shown again after a dismissal or an accept (${r.shownAfterAction})`,
      fits
        ? `${verdict(r.eligibleShown >= 0.95 * r.eligible)} an offer on ≥ 95 % of eligible page loads (${pct(r.eligibleShown, r.eligible)}; ${r.customers} customers fit in ${budget}/min)`
        : `---- an offer on ≥ 95 % of eligible page loads: not a goal here (${r.customers} customers do not fit in ${budget}/min); ${pct(r.eligibleShown, r.eligible)}`,
      `${verdict(r.viewsDelivered >= (r.point.budget === undefined ? 0.99 : 1) * r.displayed.size)} ${r.point.budget === undefined ? '≥ 99 % of' : 'every'} distinct offer's view delivered after the drain (${pct(r.viewsDelivered, r.displayed.size)}; ${r.viewsReceived} views for ${r.displays} displays)`,
    ];
    if (r.attack && r.arm.kind === 'kit') {
      const shares = defaultShares(kitBudget);
      const over = (Object.keys(shares) as (keyof typeof shares)[]).filter(
        (name) => r.attack!.usage[name] > shares[name],
      );
      lines.push(
        `${verdict(over.length === 0)} the attacker within its share of every class (${(Object.keys(shares) as (keyof typeof shares)[]).map((name) => `${name} ${r.attack!.usage[name]}/${shares[name]}`).join(', ')})`,
      );
    }
    console.log(`  ${r.point.label}, ${r.arm.name}:`);
    for (const line of lines) console.log(`    ${line}`);
  }
  void options;
}

/** Runs the sweep, each point through both servers, and prints the figures. */
export async function stormBench(harness: StormHarness, options: StormOptions): Promise<void> {
  const scales = options.sweep.map((p) => `${p.label}: ${scaleFor(p, options)}×`).join(', ');
  console.log(
    `\nPage-load storm: points ${options.sweep.map((p) => p.label).join(', ')} (customers, or customers x loads a minute @ the kit's budget), each customer reloading a dashboard (6 times a minute: every 5–15 s) for one minute (1 in 10 dismisses the offer the second time it shows, 1 in 10 accepts it);\n` +
      `two instances of each server behind round-robin; the simulator limited to ${SITE_LIMIT} calls in any 60 s; the kit's instances share one redis-server.\n` +
      (options.timeScale > 1
        ? `Compressed time (scripts/bench/warp.mjs): every clock of a point (simulator, servers, page schedule) runs K× faster, K = ${scales} (at most ${options.maxLoadsPerSecond} real page loads/s),\n` +
          'so a simulated minute takes 60/K s; figures are per simulated minute. Server CPU is not compressed: real latency counts K× in simulated time.'
        : 'Real time.'),
  );
  const redis = await startRedis();
  try {
    const results: PointResult[] = [];
    for (const point of options.sweep) {
      for (const arm of [handwrittenArm, kitArm]) {
        const Redis = requireRedis();
        const client = new Redis(redis.url);
        await client.flushall();
        await client.quit();
        results.push(await runPoint(harness, arm, point, options, redis.url));
      }
    }
    report(results, options);
  } finally {
    await redis.stop();
  }
}
