import type { UpsellError } from '@upsell-kit/core';

/**
 * Called with every error of a prompt (fetch, event, accept, polling).
 * @example const onError: UpsellErrorHandler = (error) => Sentry.captureException(error);
 */
export type UpsellErrorHandler = (error: UpsellError | Error) => void;
