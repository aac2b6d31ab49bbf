import type { UpsellLogger } from '../http/upsell-logger';
import type { HandlerContext } from './context';

/**
 * At most this many distinct keys are warned about: past it, new ones are not logged, so that
 * neither memory nor the log grows with what requests can vary (e.g. refused origins).
 */
const WARN_ONCE_KEYS = 200;

/** Logs a warning the first time its key is seen (see `HandlerContext.warnOnce`). */
export function createWarnOnce(logger: UpsellLogger): HandlerContext['warnOnce'] {
  const seen = new Set<string>();
  return (key, message, detail) => {
    if (seen.has(key) || seen.size >= WARN_ONCE_KEYS) return;
    seen.add(key);
    logger.warn(message, detail);
  };
}
