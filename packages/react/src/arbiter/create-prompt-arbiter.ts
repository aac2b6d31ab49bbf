'use client';
import { createPromptArbiter as createArbiter } from '@upsell-kit/core';
import type { PromptArbiterOptions } from '@upsell-kit/core';
import type { UpsellPromptArbiter } from './upsell-prompt-arbiter';
import { usePromptSlot } from './use-prompt-slot';

/**
 * Creates the arbiter of one page for `UpsellProvider`'s `arbiter` prop: its prompts take turns.
 * Core's rules (`createPromptArbiter` of `@upsell-kit/core`: one modal at a time and nothing else
 * meanwhile, `maxVisible` banners and callouts, waiting prompts in priority order) with their
 * React binding. Create it once, outside the component or in state.
 *
 * @example
 * const arbiter = createPromptArbiter({ maxVisible: 1 });
 * <UpsellProvider arbiter={arbiter}>…</UpsellProvider>
 */
export function createPromptArbiter(options?: PromptArbiterOptions): UpsellPromptArbiter {
  const arbiter = createArbiter(options);
  const useSlot: UpsellPromptArbiter['useSlot'] = function useSlot(wants, prompt, interrupting) {
    return usePromptSlot(arbiter, wants, { ...prompt, interrupting });
  };
  return { ...arbiter, useSlot };
}
