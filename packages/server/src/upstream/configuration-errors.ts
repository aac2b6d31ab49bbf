import type { UpsellLogger } from '../http/upsell-logger';
import type { UpstreamFailure } from './upstream-error';

/** A failure that no retry fixes: a setting of the handler is wrong. */
export type ConfigurationProblem = 'api_key' | 'permission' | 'site';

/**
 * Recognizes Chargebee failures that only a setting fixes (a wrong API key, a key without the
 * permission, a site name that does not exist) and logs each kind as one configuration error,
 * naming the option to fix, at most once a minute, instead of one error line per request.
 */
export interface ConfigurationErrors {
  /**
   * The problem behind `failure`, if it is one of these; it is then logged (at most once a minute
   * per kind) and the caller logs nothing more about it.
   */
  report(operation: string, failure: UpstreamFailure): ConfigurationProblem | undefined;
}

const EVERY_MS = 60_000;

/** Which setting a failure points at, if any. */
export function configurationProblemOf(failure: UpstreamFailure): ConfigurationProblem | undefined {
  if (failure.upstreamStatus === 401) return 'api_key';
  if (failure.upstreamStatus === 403) return 'permission';
  // The site name is part of the host: a name that does not exist does not resolve.
  const cause = failure.detail.cause as { code?: unknown } | undefined;
  const code = cause?.code ?? (failure.detail as { code?: unknown }).code;
  if (code === 'ENOTFOUND') return 'site';
  return undefined;
}

/** The log line for a problem, naming the option (and the variable the examples read it from). */
export function configurationMessage(
  problem: ConfigurationProblem,
  site: string | undefined,
): string {
  const where = site ? `site "${site}"` : 'the site of the given Chargebee instance';
  switch (problem) {
    case 'api_key':
      return `upsell-kit: Chargebee refused the API key for ${where} (401): check the \`chargebee.apiKey\` option (CHARGEBEE_API_KEY in the examples). It must be an API key of that very site (Chargebee: Settings → Configure Chargebee → API Keys; a test site's keys differ from the live site's), and \`chargebee.site\` (CHARGEBEE_SITE) must name the site it belongs to. Every Chargebee call fails until then; the browser is answered 502 upstream_error.`;
    case 'permission':
      return `upsell-kit: Chargebee refused a call for lack of permission for ${where} (403): \`chargebee.apiKey\` (CHARGEBEE_API_KEY) must be a full-access API key (a read-only or restricted key can not create offer fulfillments or grants). The browser is answered 502 upstream_error.`;
    case 'site':
      return `upsell-kit: ${site ? `the Chargebee ${where}` : where} does not exist (its host does not resolve): check the \`chargebee.site\` option (CHARGEBEE_SITE in the examples), the site name only, e.g. "acme-test" for https://acme-test.chargebee.com. The browser is answered 503 upstream_unavailable.`;
  }
}

/**
 * Creates the {@link ConfigurationErrors} of one handler.
 *
 * @example
 * const configuration = createConfigurationErrors({ logger, site: 'acme-test', now: Date.now });
 * callUpstream('personalized_offers', run, { logger, onFailure: configuration.report });
 */
export function createConfigurationErrors(options: {
  logger: UpsellLogger;
  /** The site name, for the message (`undefined` for a ready SDK instance whose site is unknown). */
  site: string | undefined;
  now: () => number;
}): ConfigurationErrors {
  const { logger, now, site } = options;
  const last = new Map<ConfigurationProblem, { at: number; since: number }>();
  return {
    report(operation, failure) {
      const problem = configurationProblemOf(failure);
      if (!problem) return undefined;
      const seen = last.get(problem);
      if (seen && now() - seen.at < EVERY_MS) {
        seen.since++;
        return problem;
      }
      logger.error(configurationMessage(problem, site), {
        operation,
        problem,
        status: failure.upstreamStatus,
        apiErrorCode: failure.apiErrorCode,
        // Calls that failed the same way since the last line (not logged one by one).
        repeated: seen?.since ?? 0,
      });
      last.set(problem, { at: now(), since: 0 });
      return problem;
    },
  };
}
