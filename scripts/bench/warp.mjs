// Preloaded with `node --import` into every process of the page-load storm (the simulator, the
// servers under test) when BENCH_TIME_SCALE > 1: time runs that many times faster, the same
// in every process, so that a simulated minute of the storm takes 60 / scale real seconds.
//
// - Date.now(), new Date() and performance.now() read `origin + (real - origin) × scale`, with
//   one BENCH_TIME_ORIGIN (real epoch ms) shared by all the processes, so their clocks agree;
// - setTimeout / setInterval wait `delay / scale` real ms (so a 1 s timer fires after one
//   simulated second).
//
// Nothing else changes: Redis keeps real time for its own key expiry (the kit and the simulator
// pass their clock's `now` into every window they keep, so only garbage collection of expired
// keys is slower), native socket timeouts and `AbortSignal.timeout` stay real, and the servers'
// Chargebee timeouts are given × scale so that they stay 10 real seconds.
const scale = Number(process.env.BENCH_TIME_SCALE ?? '1');

if (Number.isFinite(scale) && scale > 1) {
  const RealDate = Date;
  const realNow = RealDate.now;
  const origin = Number(process.env.BENCH_TIME_ORIGIN ?? realNow());
  const now = () => Math.floor(origin + (realNow() - origin) * scale);

  globalThis.Date = new Proxy(RealDate, {
    construct(target, args, newTarget) {
      return Reflect.construct(target, args.length === 0 ? [now()] : args, newTarget);
    },
    apply() {
      return new RealDate(now()).toString();
    },
    get(target, key, receiver) {
      if (key === 'now') return now;
      return Reflect.get(target, key, receiver);
    },
  });

  const realPerformanceNow = performance.now.bind(performance);
  const performanceOrigin = realPerformanceNow();
  performance.now = () => performanceOrigin + (realPerformanceNow() - performanceOrigin) * scale;

  const realSetTimeout = globalThis.setTimeout;
  const realSetInterval = globalThis.setInterval;
  const scaled = (delay) => Math.max(0, (Number(delay) || 0) / scale);
  globalThis.setTimeout = Object.assign(
    (callback, delay, ...args) => realSetTimeout(callback, scaled(delay), ...args),
    realSetTimeout,
  );
  globalThis.setInterval = Object.assign(
    (callback, delay, ...args) => realSetInterval(callback, scaled(delay), ...args),
    realSetInterval,
  );
}
