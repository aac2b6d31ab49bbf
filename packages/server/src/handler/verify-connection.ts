import { upstreamFailureOf } from '../upstream/call-upstream';
import {
  configurationMessage,
  configurationProblemOf,
  type ConfigurationProblem,
} from '../upstream/configuration-errors';
import type { HandlerContext } from './context';

/**
 * What {@link verifyConnection} found. `ok` when Chargebee answered and took the API key;
 * otherwise `problem` names what to fix and `message` says how.
 * @example { ok: false, problem: 'api_key', site: 'acme-test', message: 'upsell-kit: Chargebee refused the API key …' }
 */
export interface ConnectionCheck {
  ok: boolean;
  /**
   * Why not: the API key (401), its permissions (403), the site name (its host does not
   * resolve), Chargebee unreachable or too slow, the API budget or a back-off holding calls, or
   * an answer the check did not expect (its status in `message`).
   */
  problem?: ConfigurationProblem | 'unreachable' | 'timeout' | 'budget' | 'unexpected';
  /** The site checked (`chargebee.site`; absent for a ready SDK instance that does not say). */
  site?: string;
  /** One sentence for a log line or a health page; never contains the API key. */
  message: string;
}

/** An id no fulfillment has: Chargebee answers 404 to a key it accepts, 401 to one it does not. */
const PROBE_ID = 'upsell_kit_connection_check';

/**
 * Asks Chargebee for a fulfillment that does not exist, through the budget like every call: a
 * `404 resource_not_found` proves the site exists, is reachable and took the API key, without
 * creating or changing anything. Never rejects.
 */
export async function verifyConnection(
  ctx: Pick<HandlerContext, 'upstream' | 'chargebee' | 'site'>,
): Promise<ConnectionCheck> {
  const site = ctx.site;
  const at = site ? { site } : {};
  const ok = (): ConnectionCheck => ({
    ok: true,
    ...at,
    message: `upsell-kit: Chargebee${site ? ` site "${site}"` : ''} is reachable and took the API key.`,
  });
  try {
    await ctx.upstream(
      'connection_check',
      () =>
        // The answer hoped for, not a failure: no error line for it. (The SDK rejects API
        // errors as plain objects with their status.)
        ctx.chargebee.offerFulfillment.offerFulfillmentsGet(PROBE_ID).catch((thrown: unknown) => {
          if ((thrown as { http_status_code?: unknown } | null)?.http_status_code === 404) return;
          throw thrown;
        }),
      'offers',
    );
    return ok();
  } catch (error) {
    const failure = upstreamFailureOf(error);
    if (!failure) {
      // Not a Chargebee answer: the budget or a back-off refused the call before it was made.
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, problem: 'budget', ...at, message: `upsell-kit: ${message}` };
    }
    const problem = configurationProblemOf(failure);
    if (problem) return { ok: false, problem, ...at, message: configurationMessage(problem, site) };
    const where = site ? ` (site "${site}")` : '';
    if (failure.error.code === 'upstream_timeout') {
      return {
        ok: false,
        problem: 'timeout',
        ...at,
        message: `upsell-kit: Chargebee${where} did not answer in time (chargebee.timeoutMs).`,
      };
    }
    if (failure.upstreamStatus === undefined && failure.error.code === 'upstream_unavailable') {
      return {
        ok: false,
        problem: 'unreachable',
        ...at,
        message: `upsell-kit: Chargebee${where} could not be reached (${String((failure.detail.cause as { code?: unknown } | undefined)?.code ?? failure.detail.message ?? 'network error')}): check the network, a proxy, or chargebee.baseUrl.`,
      };
    }
    return {
      ok: false,
      problem: 'unexpected',
      ...at,
      message: `upsell-kit: Chargebee${where} answered the connection check with ${String(failure.upstreamStatus ?? failure.error.code)}${failure.apiErrorCode ? ` ${failure.apiErrorCode}` : ''}: is Chargebee Growth enabled for this site?`,
    };
  }
}
