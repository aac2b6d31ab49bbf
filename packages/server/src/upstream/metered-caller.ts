import { UpsellError } from '@upsell-kit/core';
import type { UpsellLogger } from '../http/upsell-logger';
import { counterOf } from '../observability/counter-of';
import type { UpsellStats } from '../observability/upsell-stats';
import type { UpsellTelemetry } from '../observability/upsell-telemetry';
import { backOffOf } from './back-off-of';
import type { CallBudget, Refusal } from './call-budget';
import { callUpstream, upstreamFailureOf } from './call-upstream';
import type { ConfigurationErrors } from './configuration-errors';
import type { FleetPause } from './fleet-pause';
import { PRIORITIES, type UpstreamPriority } from './upstream-priority';

/** The decisions the metered caller reports through `onEvent` (see `UpsellServerEvent`). */
export type CallerEvent =
  | {
      type: 'upstream_shed';
      operation: string;
      priority: UpstreamPriority;
      reason: 'budget' | 'fairness' | 'paused';
      retryAfter: number;
      /** For `fairness`: the identity's hash (never the identity). */
      identityHash?: string;
    }
  | { type: 'upstream_paused'; operation: string; retryAfter: number; reason: string };

/** Options of {@link createMeteredCaller}. */
export interface MeteredCallerOptions {
  budget: CallBudget;
  pause: FleetPause;
  logger: UpsellLogger;
  now: () => number;
  /** The backstop deadline of one call. */
  deadlineMs: number;
  telemetry: UpsellTelemetry | undefined;
  emit: (event: CallerEvent) => void;
  /** Failures only a setting fixes (a wrong API key): logged once a minute, not per call. */
  configurationErrors?: ConfigurationErrors;
}

/** The counts of the metered caller, as `stats()` shows them. */
type CallerStats = Pick<
  UpsellStats,
  'upstreamCalls' | 'shed' | 'shedForFairness' | 'paused' | 'upstreamRateLimited'
>;

/**
 * Every Chargebee call of the handler: admitted by the budget, made with the deadline backstop,
 * a span and counters, and a 429 (or 503 with `Retry-After`) answer turned into a fleet-wide
 * pause of every non-critical call.
 */
export interface MeteredCaller {
  /**
   * Runs one call at `priority`; refused (critical calls: after waiting up to 5 s) with
   * `503 upstream_unavailable` and `Retry-After` when the budget is short or paused, or when
   * `identity` (a hash, see `identityHashOf`) used its share of the budget for this class.
   */
  call<T>(
    operation: string,
    priority: UpstreamPriority,
    run: () => Promise<T>,
    identity?: string,
  ): Promise<T>;
  /** Like {@link call}, but resolves the refusal instead of rejecting with it. */
  attempt<T>(
    operation: string,
    priority: UpstreamPriority,
    run: () => Promise<T>,
    identity?: string,
  ): Promise<{ value: T } | { refusal: Refusal }>;
  /**
   * Takes room for one call made outside {@link call} (a fulfiller's own SDK calls, such as a
   * promotional grant); rejects like `call` when refused. With `identity`, the call counts
   * against its share while it has room, and against the fleet's budget only past it: a call
   * that follows a create (the grant of an accept) is never refused for fairness.
   */
  reserve(operation: string, priority: UpstreamPriority, identity?: string): Promise<void>;
  /** This instance's counts. */
  stats(): CallerStats;
}

const SHED_WARNING_MS = 60_000;
const SPAN_KIND_CLIENT = 2;
const SPAN_STATUS_ERROR = 2;

const byPriority = (): Record<UpstreamPriority, number> =>
  Object.fromEntries(PRIORITIES.map((priority) => [priority, 0])) as Record<
    UpstreamPriority,
    number
  >;

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** The contract's answer to a call not made. */
function shedError(refusal: Refusal): UpsellError {
  return new UpsellError(
    'upstream_unavailable',
    refusal.reason === 'paused'
      ? 'Chargebee asked for a pause in calls. Try again later.'
      : 'The Chargebee API budget is used up for now. Try again later.',
    { retryAfter: seconds(refusal.retryAfterMs) },
  );
}

/**
 * Creates the {@link MeteredCaller} of one handler.
 *
 * @example
 * const caller = createMeteredCaller({ budget, pause, logger, now: Date.now, deadlineMs: 11_000, telemetry, emit });
 * const offers = await caller.call('personalized_offers', 'offers', () => chargebee.personalizedOffer.personalizedOffers(params));
 */
export function createMeteredCaller(options: MeteredCallerOptions): MeteredCaller {
  const { budget, pause, logger, now, deadlineMs, telemetry, emit } = options;
  const counts = {
    upstreamCalls: byPriority(),
    shed: byPriority(),
    shedForFairness: byPriority(),
    paused: byPriority(),
    upstreamRateLimited: 0,
  };
  const metrics = {
    calls: counterOf(telemetry, 'upsell.upstream.calls', 'Chargebee calls made'),
    shed: counterOf(
      telemetry,
      'upsell.upstream.shed',
      'Chargebee calls not made: budget short, an identity past its share (fairness) or paused',
    ),
  };

  let shedSinceWarning = 0;
  let warnedAt = Number.NEGATIVE_INFINITY;
  let fairnessWarnedAt = Number.NEGATIVE_INFINITY;
  const refused = (
    operation: string,
    priority: UpstreamPriority,
    refusal: Refusal,
    identity: string | undefined,
  ) => {
    const tally = { budget: counts.shed, fairness: counts.shedForFairness, paused: counts.paused };
    tally[refusal.reason][priority]++;
    metrics.shed?.add(1, { operation, priority, reason: refusal.reason });
    const retryAfter = seconds(refusal.retryAfterMs);
    const fairness = refusal.reason === 'fairness' && identity !== undefined;
    emit({
      type: 'upstream_shed',
      operation,
      priority,
      reason: refusal.reason,
      retryAfter,
      ...(fairness ? { identityHash: identity } : {}),
    });
    if (fairness && now() - fairnessWarnedAt >= SHED_WARNING_MS) {
      fairnessWarnedAt = now();
      logger.warn(
        'upsell-kit: one identity used its share of the Chargebee API budget (upstreamBudget.perIdentity); its further calls are shed for fairness',
        { operation, priority, identityHash: identity },
      );
    }
    if (refusal.reason !== 'budget') return;
    shedSinceWarning++;
    if (now() - warnedAt < SHED_WARNING_MS) return;
    warnedAt = now();
    const requestsPerMinute = budget.requestsPerMinute;
    logger.warn(
      `upsell-kit: the Chargebee API budget is short (upstreamBudget.requestsPerMinute = ${String(requestsPerMinute)}): ${shedSinceWarning} call(s) shed or queued since the last warning. Raise upstreamBudget.requestsPerMinute if your Chargebee plan has room (150/min on test sites and Starter, 1,000 on Performance, 3,500 on Enterprise, shared with your own billing calls).`,
      { operation, priority, requestsPerMinute },
    );
    shedSinceWarning = 0;
  };

  const attempt = async <T>(
    operation: string,
    priority: UpstreamPriority,
    run: () => Promise<T>,
    identity?: string,
  ): Promise<{ value: T } | { refusal: Refusal }> => {
    const refusal = await budget.admit(priority, identity);
    if (refusal) {
      refused(operation, priority, refusal, identity);
      return { refusal };
    }
    counts.upstreamCalls[priority]++;
    const span = telemetry?.tracer?.startSpan(`chargebee ${operation}`, {
      kind: SPAN_KIND_CLIENT,
      attributes: { 'upsell.operation': operation, 'upsell.priority': priority },
    });
    try {
      const value = await callUpstream(operation, run, {
        logger,
        deadlineMs,
        onFailure: options.configurationErrors?.report,
      });
      metrics.calls?.add(1, { operation, priority, outcome: 'ok' });
      return { value };
    } catch (error) {
      const failure = upstreamFailureOf(error);
      metrics.calls?.add(1, { operation, priority, outcome: failure?.error.code ?? 'error' });
      if (failure?.upstreamStatus !== undefined)
        span?.setAttribute('http.response.status_code', failure.upstreamStatus);
      span?.setStatus({ code: SPAN_STATUS_ERROR, message: failure?.error.code ?? 'error' });
      const backOff = backOffOf(error);
      if (backOff !== undefined) {
        counts.upstreamRateLimited++;
        const reason = `Chargebee answered ${String(failure?.upstreamStatus)} to ${operation}`;
        await pause.hold('noncritical', backOff, reason);
        emit({
          type: 'upstream_paused',
          operation,
          retryAfter: seconds(await budget.pausedFor('offers')),
          reason,
        });
      }
      throw error;
    } finally {
      span?.end();
    }
  };

  return {
    attempt,
    async call(operation, priority, run, identity) {
      const result = await attempt(operation, priority, run, identity);
      if ('refusal' in result) throw shedError(result.refusal);
      return result.value;
    },
    async reserve(operation, priority, identity) {
      let refusal = await budget.admit(priority, identity);
      if (refusal?.reason === 'fairness') refusal = await budget.admit(priority);
      if (!refusal) {
        counts.upstreamCalls[priority]++;
        return;
      }
      refused(operation, priority, refusal, undefined);
      throw shedError(refusal);
    },
    stats: () => ({
      upstreamCalls: { ...counts.upstreamCalls },
      shed: { ...counts.shed },
      shedForFairness: { ...counts.shedForFairness },
      paused: { ...counts.paused },
      upstreamRateLimited: counts.upstreamRateLimited,
    }),
  };
}
