import type { UpsellLogger } from '../http/upsell-logger';
import type { UpsellHandlerOptions } from './upsell-handler-options';
import type { UpsellServerEvent } from './upsell-server-event';

/** Passes an event to `onEvent`; never throws, and logs a failing or rejecting listener. */
export function createEmit(
  onEvent: UpsellHandlerOptions['onEvent'],
  logger: UpsellLogger,
): (event: UpsellServerEvent) => void {
  return (event) => {
    if (!onEvent) return;
    try {
      const result = onEvent(event);
      if (result && typeof (result as Promise<void>).then === 'function') {
        (result as Promise<void>).then(undefined, (error: unknown) =>
          logger.error('upsell-kit: onEvent failed', { event: event.type, error }),
        );
      }
    } catch (error) {
      logger.error('upsell-kit: onEvent failed', { event: event.type, error });
    }
  };
}
