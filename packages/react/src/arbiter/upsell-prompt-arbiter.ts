'use client';
import type { PromptArbiter } from '@upsell-kit/core';

/**
 * The arbiter `UpsellProvider` takes (`createPromptArbiter` from `@upsell-kit/react/arbitration`):
 * core's `PromptArbiter` with its React binding, so that an app without one ships no binding.
 */
export interface UpsellPromptArbiter extends PromptArbiter {
  /**
   * The hook a prompt component calls for its turn: `true` when it may render. `wants`: it would
   * render now; `prompt`: its `priority` and `placementId`; `interrupting`: a modal.
   */
  useSlot(
    wants: boolean,
    prompt: { priority?: number | undefined; placementId?: string | undefined },
    interrupting: boolean,
  ): boolean;
}
