import type { UpsellMessages } from './default-messages';

/**
 * Partial messages as `UpsellProvider` accepts them: `failure` and `error` merge per code, `units`
 * per unit.
 */
export type UpsellMessagesInput = Partial<Omit<UpsellMessages, 'failure' | 'error'>> & {
  failure?: Record<string, string>;
  error?: Record<string, string>;
};
