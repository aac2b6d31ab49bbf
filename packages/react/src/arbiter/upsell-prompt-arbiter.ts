import type { PromptArbiter, PromptClaim } from '@upsell-kit/core';

/**
 * The arbiter `UpsellProvider` takes (`createPromptArbiter` from `@upsell-kit/react/arbitration`):
 * core's `PromptArbiter` with its React binding, so that an app without one ships no binding.
 */
export interface UpsellPromptArbiter extends PromptArbiter {
  /** The hook a prompt component calls for its turn: `true` when it may render. */
  useSlot(wants: boolean, claim: PromptClaim): boolean;
}
